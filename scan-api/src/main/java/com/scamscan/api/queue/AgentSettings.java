package com.scamscan.api.queue;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The analysis agent's workers, consumers of the scan stream's consumer group.
 *
 * <p>A worker touches the entry it holds every third of {@code claim-timeout}; an entry idle for {@code claim-timeout}
 * (its worker died or hangs) is re-claimed by the next poll of any worker, and workers poll at least every
 * {@code poll-timeout}. So a dead worker's scan is back in a worker's hands within {@code claim-timeout + poll-timeout},
 * which must stay well inside the gateway's no-progress timeout: at most half of {@code no-progress-timeout}, checked
 * here at startup.
 *
 * @param enabled whether this instance runs workers (an API-only instance sets {@code false})
 * @param workers worker threads, each analysing one scan at a time (one consumer of the group each)
 * @param claimTimeout how long a scan's entry may go untouched before another worker takes it over
 * @param pollTimeout how long a worker's {@code XREADGROUP} blocks waiting for a new scan before it looks again for
 *                    entries of dead workers
 * @param taskTimeout the longest one analysis may take before the task ends {@code failed}
 * @param maxAttempts how many deliveries (workers starting the scan) a scan may have before it ends {@code failed}
 *                    and its entry moves to the dead-letter stream
 * @param publishRetryFor how long a worker keeps retrying an event while Redis is unreachable
 * @param noProgressTimeout the gateway's {@code scamscan.gateway.no-progress-timeout}, for the startup check only
 * @param deadLetters how many entries the dead-letter stream keeps (about: it is trimmed with {@code MAXLEN ~})
 * @param deadLetterUploadTtl how long the upload of a scan moved to the dead letters is kept, so that an operator can
 *                            replay it ({@code SCAMSCAN_MODE=dead-letters}); zero drops it at once
 */
@ConfigurationProperties(AgentSettings.PREFIX)
public record AgentSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "1") int workers,
        @Bindable(defaultValue = "15s") Duration claimTimeout,
        @Bindable(defaultValue = "1s") Duration pollTimeout,
        @Bindable(defaultValue = "120s") Duration taskTimeout,
        @Bindable(defaultValue = "2") int maxAttempts,
        @Bindable(defaultValue = "30s") Duration publishRetryFor,
        @Bindable(defaultValue = "60s") Duration noProgressTimeout,
        @Bindable(defaultValue = "10000") int deadLetters,
        @Bindable(defaultValue = "24h") Duration deadLetterUploadTtl) {

    public static final String PREFIX = "scamscan.agent";

    public AgentSettings {
        if (workers < 1 || maxAttempts < 1 || deadLetters < 1) {
            throw new IllegalArgumentException(PREFIX + ".workers, .max-attempts and .dead-letters must be at least 1");
        }
        if (deadLetterUploadTtl.isNegative()) {
            throw new IllegalArgumentException(PREFIX + ".dead-letter-upload-ttl must not be negative; was " + deadLetterUploadTtl);
        }
        if (claimTimeout.toMillis() < 100) {
            throw new IllegalArgumentException(PREFIX + ".claim-timeout must be at least 100ms (a worker touches its scan every third of it); was "
                    + claimTimeout);
        }
        if (pollTimeout.toMillis() < 10 || pollTimeout.compareTo(claimTimeout) >= 0) {
            throw new IllegalArgumentException(PREFIX + ".poll-timeout must be at least 10ms and shorter than .claim-timeout ("
                    + claimTimeout + "); was " + pollTimeout);
        }
        Duration takeover = claimTimeout.plus(pollTimeout);
        if (takeover.multipliedBy(2).compareTo(noProgressTimeout) > 0) {
            throw new IllegalArgumentException(PREFIX + ".claim-timeout + .poll-timeout (" + takeover
                    + ", how long a dead worker's scan may wait before another worker takes it) must be at most half of "
                    + PREFIX + ".no-progress-timeout (" + noProgressTimeout
                    + ", the gateway's scamscan.gateway.no-progress-timeout), or the person watching is told the scan failed"
                    + " while it is being taken over");
        }
    }

    /** How often a worker touches the entry it holds: a third of {@code claim-timeout}. */
    public Duration touchInterval() {
        return claimTimeout.dividedBy(3);
    }
}
