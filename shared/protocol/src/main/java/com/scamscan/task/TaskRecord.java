package com.scamscan.task;


import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.WireTime;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A task as its {@code task:ID} hash holds it. Progress fields change only through the progress publisher,
 * in the same atomic step that publishes the event.
 *
 * @param taskId the id
 * @param status queued, running, completed or failed
 * @param step the last step published, absent while queued
 * @param message the last step's message, absent while queued
 * @param percent the last percent (0 while queued)
 * @param seq the number of events published so far
 * @param createdAt when the task was registered (absent only in a record another system wrote without times)
 * @param updatedAt when it last changed (likewise)
 * @param verdict the outcome, once completed
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskRecord(
        @JsonProperty("task_id") String taskId,
        TaskStatus status,
        @Nullable Step step,
        @Nullable String message,
        int percent,
        long seq,
        @JsonProperty("created_at") @Nullable @JsonFormat(pattern = WireTime.PATTERN, timezone = WireTime.ZONE) Instant createdAt,
        @JsonProperty("updated_at") @Nullable @JsonFormat(pattern = WireTime.PATTERN, timezone = WireTime.ZONE) Instant updatedAt,
        @Nullable Verdict verdict) {
}
