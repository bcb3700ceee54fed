package com.scamscan.protocol;

import java.util.Optional;

/**
 * Every problem scan-api answers with, each with a stable {@code type} URI, its HTTP status and title (RFC 9457;
 * the table in docs/protocol.md, "Problem types", is this list). Micronaut's own errors (unknown route, wrong
 * content type, ...) are answered as {@link #httpStatus(int)} types instead.
 */
public enum ProblemType {
    MISSING_PART("missing-part", 400, "A required part is missing"),
    BAD_PART("bad-part", 400, "A part is malformed"),
    BAD_TASK_ID("bad-task-id", 400, "Malformed task id"),
    IMAGE_TOO_LARGE("image-too-large", 413, "The image is too large"),
    UNSUPPORTED_IMAGE_TYPE("unsupported-image-type", 415, "Not an accepted image type"),
    UNDECODABLE_IMAGE("undecodable-image", 422, "The image cannot be decoded"),
    TOO_MANY_PIXELS("too-many-pixels", 422, "The image has too many pixels"),
    TASK_NOT_FOUND("task-not-found", 404, "No such task"),
    STREAM_TOKEN("stream-token", 401, "A valid stream token is required"),
    RATE_LIMITED("rate-limited", 429, "Too many requests from this address"),
    QUEUE_FULL("queue-full", 503, "Too many scans are waiting, try again later"),
    REDIS_UNAVAILABLE("redis-unavailable", 503, "Storage unavailable, try again later"),
    TASK_RECORD_UNREADABLE("task-record-unreadable", 500, "The task's stored record cannot be read");

    /** Where problem types live; each type is this plus its slug. */
    public static final String BASE = "/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The {@code type} of the problem body, e.g. {@code /problems/queue-full}. */
    public String uri() {
        return BASE + slug;
    }

    /** The HTTP status answered with it. */
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem body with this type and {@code detail} (null for none). */
    public Problem problem(String detail) {
        return new Problem(uri(), title, status, detail);
    }

    /** The type of a problem body, if it is one of these. */
    public static Optional<ProblemType> find(String uri) {
        for (ProblemType candidate : values()) {
            if (candidate.uri().equals(uri)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The {@code type} of a framework error answered with this HTTP status: {@code /problems/http-STATUS}. */
    public static String httpStatus(int status) {
        return BASE + "http-" + status;
    }
}
