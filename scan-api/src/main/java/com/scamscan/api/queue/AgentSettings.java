package com.scamscan.api.queue;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The analysis agent's workers.
 *
 * @param enabled whether this instance runs workers (an API-only instance sets {@code false})
 * @param workers worker threads, each analysing one scan at a time
 * @param leaseTtl how long a worker's claim on a task lasts without renewal; a dead worker's tasks go back to
 *                 the queue after at most about twice this
 * @param taskTimeout the longest one analysis may take before the task ends {@code failed}
 * @param maxAttempts how many workers may start a task before it ends {@code failed}
 * @param publishRetryFor how long a worker keeps retrying an event while Redis is unreachable
 */
@ConfigurationProperties(AgentSettings.PREFIX)
public record AgentSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "1") int workers,
        @Bindable(defaultValue = "30s") Duration leaseTtl,
        @Bindable(defaultValue = "120s") Duration taskTimeout,
        @Bindable(defaultValue = "2") int maxAttempts,
        @Bindable(defaultValue = "30s") Duration publishRetryFor) {

    public static final String PREFIX = "scamscan.agent";

    public AgentSettings {
        if (workers < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException(PREFIX + ".workers and .max-attempts must be at least 1");
        }
        if (leaseTtl.toMillis() < 100) {
            throw new IllegalArgumentException(PREFIX + ".lease-ttl must be at least 100ms");
        }
    }
}
