package com.scamscan.gateway.relay;

import com.scamscan.redis.progress.ProgressHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link TaskHistory} whose reads the test answers (or fails) when it chooses, to order them against live events. */
final class FakeHistory implements TaskHistory {

    record Read(String taskId, long afterSeq, CompletableFuture<ProgressHistory.Read> answer) {
    }

    final List<Read> reads = new ArrayList<>();

    @Override
    public CompletionStage<ProgressHistory.Read> after(String taskId, long afterSeq) {
        Read read = new Read(taskId, afterSeq, new CompletableFuture<>());
        reads.add(read);
        return read.answer();
    }

    /** The latest read. */
    Read last() {
        if (reads.isEmpty()) {
            throw new AssertionError("history was not read");
        }
        return reads.get(reads.size() - 1);
    }

    /** Answers the latest read with these events. */
    void answer(long... seqs) {
        List<String> events = new ArrayList<>();
        for (long seq : seqs) {
            events.add(ClientStreamTest.json(seq, "scam_db"));
        }
        last().answer().complete(new ProgressHistory.Read(seqs.length == 0 ? 0 : seqs[0], events));
    }
}
