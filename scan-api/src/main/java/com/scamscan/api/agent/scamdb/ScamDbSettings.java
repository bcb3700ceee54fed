package com.scamscan.api.agent.scamdb;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;

/**
 * How the scam database loads its feeds; the feeds themselves are {@link FeedSettings}.
 *
 * @param importSample whether to load the shipped sample (a feed named {@code sample}) at startup
 * @param timeout how long one download may take, connection to last byte
 * @param maxBytes the largest feed accepted, in bytes ({@code 64MB}); a larger one is refused
 * @param lockTtl how long an instance may hold a feed's refresh lock; longer than a download and its write to Redis
 * @param checkInterval how often each instance looks whether a feed is due and whether each feed's data is still in Redis
 *                      (also how often a sample load that failed, or a re-import of lost data, is retried)
 * @param repairWait how long a lookup that finds a feed's data gone waits for its re-import before it answers without it
 */
@ConfigurationProperties(ScamDbSettings.PREFIX)
public record ScamDbSettings(
        @Bindable(defaultValue = "true") boolean importSample,
        @Bindable(defaultValue = "60s") Duration timeout,
        @Bindable(defaultValue = "64MB") @ReadableBytes long maxBytes,
        @Bindable(defaultValue = "10m") Duration lockTtl,
        @Bindable(defaultValue = "1m") Duration checkInterval,
        @Bindable(defaultValue = "10s") Duration repairWait) {

    public static final String PREFIX = "scamscan.scamdb";

    public ScamDbSettings {
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".check-interval must be positive, was " + checkInterval);
        }
        if (repairWait.isNegative()) {
            throw new IllegalArgumentException(PREFIX + ".repair-wait must not be negative, was " + repairWait);
        }
    }
}
