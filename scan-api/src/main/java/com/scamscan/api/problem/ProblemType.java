package com.scamscan.api.problem;

import io.micronaut.http.HttpStatus;

/** Every problem scan-api answers with, each with a stable {@code type} (RFC 9457). */
public enum ProblemType {
    MISSING_PART("missing-part", HttpStatus.BAD_REQUEST, "A required part is missing"),
    BAD_PART("bad-part", HttpStatus.BAD_REQUEST, "A part is malformed"),
    BAD_TASK_ID("bad-task-id", HttpStatus.BAD_REQUEST, "Malformed task id"),
    IMAGE_TOO_LARGE("image-too-large", HttpStatus.REQUEST_ENTITY_TOO_LARGE, "The image is too large"),
    UNSUPPORTED_IMAGE_TYPE("unsupported-image-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not an accepted image type"),
    UNDECODABLE_IMAGE("undecodable-image", HttpStatus.UNPROCESSABLE_ENTITY, "The image cannot be decoded"),
    TOO_MANY_PIXELS("too-many-pixels", HttpStatus.UNPROCESSABLE_ENTITY, "The image has too many pixels"),
    TASK_NOT_FOUND("task-not-found", HttpStatus.NOT_FOUND, "No such task"),
    STREAM_TOKEN("stream-token", HttpStatus.UNAUTHORIZED, "A valid stream token is required"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests from this address"),
    QUEUE_FULL("queue-full", HttpStatus.SERVICE_UNAVAILABLE, "Too many scans are waiting, try again later"),
    REDIS_UNAVAILABLE("redis-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable, try again later"),
    TASK_RECORD_UNREADABLE("task-record-unreadable", HttpStatus.INTERNAL_SERVER_ERROR, "The task's stored record cannot be read");

    /** Where problem types live; each type is this plus its slug. */
    public static final String BASE = "/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return BASE + slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The exception that answers with this problem. */
    public ProblemException with(String detail) {
        return new ProblemException(new Problem(uri(), title, status.getCode(), detail));
    }
}
