package com.scamscan.api.agent;

import com.scamscan.api.queue.AgentSettings;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.PublishRejectedException;
import io.lettuce.core.RedisException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's way to publish: a brief Redis outage delays an event instead of losing it. Each event carries an
 * idempotency key, so a retry after a lost reply does not publish it twice.
 */
@Singleton
public class ReliablePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReliablePublisher.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final ProgressPublisher publisher;
    private final AgentSettings settings;

    public ReliablePublisher(ProgressPublisher publisher, AgentSettings settings) {
        this.publisher = publisher;
        this.settings = settings;
    }

    /**
     * Publishes, retrying with backoff while Redis is unreachable, for up to {@code publish-retry-for}.
     *
     * @throws PublishRejectedException when Redis refused the event (unknown or finished task, lower percent)
     * @throws RedisException when Redis stayed unreachable for the whole retry period
     * @throws InterruptedException when the worker is stopped while waiting to retry
     */
    public long publish(String taskId, ProgressEvent event, String key) throws InterruptedException {
        long deadline = System.nanoTime() + settings.publishRetryFor().toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return publisher.publish(taskId, event, key).toCompletableFuture().join().seq();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof PublishRejectedException rejected) {
                    throw rejected;
                }
                if (!(cause instanceof RedisException redis) || System.nanoTime() + backoff.toNanos() > deadline) {
                    throw cause instanceof RuntimeException runtime ? runtime : e;
                }
                LOG.info("task {}: Redis unavailable while publishing {}, retrying in {} ms: {}", taskId, key,
                        backoff.toMillis(), redis.toString());
                Thread.sleep(backoff.toMillis()); // a production retry backoff, not a test wait
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }
}
