package com.scamscan.redis.progress;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How long and how much progress Redis keeps.
 *
 * @param historyLength events kept per task for late joiners and reconnects (exact cap)
 * @param ttl how long a task's record and history live after its last event
 */
@ConfigurationProperties(ProgressSettings.PREFIX)
public record ProgressSettings(
        @Bindable(defaultValue = "1000") int historyLength,
        @Bindable(defaultValue = "24h") Duration ttl) {

    public static final String PREFIX = "scamscan.progress";

    public ProgressSettings {
        if (historyLength < 1) {
            throw new IllegalArgumentException(PREFIX + ".history-length must be at least 1, was " + historyLength);
        }
        if (ttl == null || ttl.toSeconds() < 1) {
            throw new IllegalArgumentException(PREFIX + ".ttl must be at least 1s, was " + ttl);
        }
    }

    /** The documented defaults: 1000 events, 24 hours. */
    public static ProgressSettings defaults() {
        return new ProgressSettings(1000, Duration.ofHours(24));
    }
}
