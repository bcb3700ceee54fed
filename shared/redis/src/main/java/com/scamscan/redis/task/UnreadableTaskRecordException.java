package com.scamscan.redis.task;

/**
 * A {@code task:ID} record exists but cannot be read as a task: its {@code seq} is not a whole number of events, or
 * its verdict is not the contract's JSON. Only fields nothing can stand in for are refused this way (see
 * {@link TaskRegistry#find}); it is a fault of whoever wrote the record, never of Redis, and retrying does not help.
 * The message names the task and the field, never the field's value (it may hold message text).
 */
public final class UnreadableTaskRecordException extends RuntimeException {

    private final String taskId;
    private final String field;

    public UnreadableTaskRecordException(String taskId, String field) {
        super("task " + taskId + ": stored record has an unreadable " + field);
        this.taskId = taskId;
        this.field = field;
    }

    public String taskId() {
        return taskId;
    }

    public String field() {
        return field;
    }

    /** The exception itself when {@code failure} is one or wraps one (async stages wrap), else empty. */
    public static java.util.Optional<UnreadableTaskRecordException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnreadableTaskRecordException unreadable) {
                return java.util.Optional.of(unreadable);
            }
        }
        return java.util.Optional.empty();
    }
}
