package com.scamscan.redis.progress;

/** Redis refused an event, and wrote nothing of it. Carries why; no stack trace (it is an answer, not a bug). */
public final class PublishRejectedException extends RuntimeException {

    /** Why an event was refused. */
    public enum Reason {
        /** No {@code task:ID} record: never registered, or expired. */
        UNKNOWN_TASK,
        /** The task already published {@code completed} or {@code failed}. */
        TASK_FINISHED,
        /** The event's percent is below the task's current percent. */
        PERCENT_DECREASED
    }

    private final transient String taskId;
    private final Reason reason;

    public PublishRejectedException(String taskId, Reason reason, String detail) {
        super("event for task " + taskId + " rejected: " + reason + (detail.isEmpty() ? "" : " (" + detail + ")"),
                null, false, false);
        this.taskId = taskId;
        this.reason = reason;
    }

    public String taskId() {
        return taskId;
    }

    public Reason reason() {
        return reason;
    }
}
