package com.scamscan.gateway.server.warmup;

import java.util.concurrent.CompletionStage;

/**
 * A test's hold on the warm-up: when a bean of this type exists, the warm-up waits (within its timeout) until
 * {@link #released()} completes before it opens its first stream. The gateway itself has none.
 */
public interface WarmUpHold {

    /** Completes when the warm-up may go on. */
    CompletionStage<?> released();
}
