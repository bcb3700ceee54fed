package com.scamscan.gateway.relay;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a client's stream reads what it missed: a task's history after a {@code seq}, as the exact JSON published
 * ({@link com.scamscan.redis.progress.ProgressHistory#after} in the gateway; a fake in the stream's unit tests).
 */
@FunctionalInterface
interface TaskHistory {

    /** The events with {@code seq > afterSeq}, oldest first; fails when the store cannot be reached. */
    CompletionStage<List<String>> after(String taskId, long afterSeq);
}
