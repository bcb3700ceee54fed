package com.scamscan.api.problem;

import com.scamscan.protocol.Problem;

/** Answers the request with a problem; a client's error, so no stack trace. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final long retryAfterSeconds;

    ProblemException(Problem problem) {
        this(problem, 0);
    }

    private ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same problem, answered with {@code Retry-After: seconds}. */
    public ProblemException retryAfter(long seconds) {
        return new ProblemException(problem, seconds);
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for the {@code Retry-After} header; 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
