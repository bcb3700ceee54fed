package com.scamscan.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.scamscan.progress.Step;
import java.util.Locale;

/** Where a task is: {@code queued} until its first event, {@code running}, then {@code completed} or {@code failed}. */
@io.micronaut.serde.annotation.Serdeable
public enum TaskStatus {
    QUEUED, RUNNING, COMPLETED, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskStatus fromWireName(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    /** The status a task has once it has published an event of this step. */
    public static TaskStatus after(Step step) {
        return switch (step) {
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
            default -> RUNNING;
        };
    }

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }
}
