package com.scamscan.api.problem;

import com.scamscan.protocol.Problem;

/**
 * The problems of {@link com.scamscan.protocol.ProblemType} (type, status and title live there, shared with the
 * clients), raised as exceptions: {@code ProblemType.QUEUE_FULL.with("...")}. Each constant is its namesake there;
 * a name missing there fails when this class loads.
 */
public enum ProblemType {
    MISSING_PART,
    BAD_PART,
    BAD_TASK_ID,
    IMAGE_TOO_LARGE,
    UNSUPPORTED_IMAGE_TYPE,
    UNDECODABLE_IMAGE,
    TOO_MANY_PIXELS,
    TASK_NOT_FOUND,
    STREAM_TOKEN,
    RATE_LIMITED,
    QUEUE_FULL,
    REDIS_UNAVAILABLE,
    TASK_RECORD_UNREADABLE;

    private final com.scamscan.protocol.ProblemType wire = com.scamscan.protocol.ProblemType.valueOf(name());

    /** The wire type: its {@code type} URI, status and title. */
    public com.scamscan.protocol.ProblemType wire() {
        return wire;
    }

    /** The exception that answers with this problem. */
    public ProblemException with(String detail) {
        Problem problem = wire.problem(detail);
        return new ProblemException(problem);
    }
}
