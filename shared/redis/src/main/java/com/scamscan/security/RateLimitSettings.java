package com.scamscan.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Per client address limits, shared by all instances through Redis; 0 turns a limit off.
 *
 * @param window the fixed window the counts are kept for
 * @param scansPerWindow {@code POST /scan-image} requests per address and window (scan-api)
 * @param connectsPerWindow WebSocket handshakes per address and window, over all gateways
 */
@ConfigurationProperties(RateLimitSettings.PREFIX)
public record RateLimitSettings(
        @Bindable(defaultValue = "60s") Duration window,
        @Bindable(defaultValue = "10") int scansPerWindow,
        @Bindable(defaultValue = "120") int connectsPerWindow) {

    public static final String PREFIX = "scamscan.security.rate-limit";

    public RateLimitSettings {
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException(PREFIX + ".window must be positive, was " + window);
        }
        if (scansPerWindow < 0 || connectsPerWindow < 0) {
            throw new IllegalArgumentException(PREFIX + " limits must be 0 (off) or more");
        }
    }
}
