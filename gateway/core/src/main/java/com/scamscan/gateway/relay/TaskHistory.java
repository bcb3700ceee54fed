package com.scamscan.gateway.relay;

import com.scamscan.redis.progress.ProgressHistory;
import java.util.concurrent.CompletionStage;

/**
 * Where a client's stream reads what it missed: a task's history after a {@code seq}, as the exact JSON published
 * ({@link ProgressHistory#read} in the gateway; a fake in the stream's unit tests).
 */
@FunctionalInterface
interface TaskHistory {

    /** The events with {@code seq > afterSeq}, oldest first, and the first one's seq; fails when the store cannot be reached. */
    CompletionStage<ProgressHistory.Read> after(String taskId, long afterSeq);
}
