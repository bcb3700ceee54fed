package com.scamscan.api.queue;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The analysis agent's workers.
 *
 * <p>A worker that dies leaves its scan leased until the lease lapses (at most {@code lease-ttl}); the next recovery
 * sweep of any worker instance (every {@code recovery-interval}) puts it back on the queue. So a dead worker's scan
 * is taken over within about {@code lease-ttl + recovery-interval}, which must stay below {@code task-timeout} (and,
 * in the gateway, well below {@code scamscan.gateway.no-progress-timeout}; see the README).
 *
 * @param enabled whether this instance runs workers (an API-only instance sets {@code false})
 * @param workers worker threads, each analysing one scan at a time
 * @param leaseTtl how long a worker's claim on a task lasts without renewal (renewed every third of it)
 * @param taskTimeout the longest one analysis may take before the task ends {@code failed}
 * @param maxAttempts how many workers may start a task before it ends {@code failed}
 * @param publishRetryFor how long a worker keeps retrying an event while Redis is unreachable
 * @param recoveryInterval how often this instance looks for scans of dead workers; absent: a quarter of
 *                         {@code lease-ttl}
 */
@ConfigurationProperties(AgentSettings.PREFIX)
public record AgentSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "1") int workers,
        @Bindable(defaultValue = "20s") Duration leaseTtl,
        @Bindable(defaultValue = "120s") Duration taskTimeout,
        @Bindable(defaultValue = "2") int maxAttempts,
        @Bindable(defaultValue = "30s") Duration publishRetryFor,
        @Nullable Duration recoveryInterval) {

    public static final String PREFIX = "scamscan.agent";

    public AgentSettings {
        if (workers < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException(PREFIX + ".workers and .max-attempts must be at least 1");
        }
        if (leaseTtl.toMillis() < 100) {
            throw new IllegalArgumentException(PREFIX + ".lease-ttl must be at least 100ms");
        }
        if (recoveryInterval == null) {
            recoveryInterval = leaseTtl.dividedBy(4);
        }
        if (recoveryInterval.toMillis() < 10 || recoveryInterval.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException(PREFIX + ".recovery-interval must be at least 10ms and shorter than .lease-ttl ("
                    + leaseTtl + ") so that a dead worker's scan goes back on the queue soon after its lease lapses; was "
                    + recoveryInterval);
        }
        if (leaseTtl.plus(recoveryInterval).compareTo(taskTimeout) > 0) {
            throw new IllegalArgumentException(PREFIX + ".lease-ttl + .recovery-interval (" + leaseTtl.plus(recoveryInterval)
                    + ", how long a dead worker's scan may wait before another worker takes it) must not exceed .task-timeout ("
                    + taskTimeout + ")");
        }
    }
}
