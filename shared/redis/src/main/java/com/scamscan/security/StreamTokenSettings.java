package com.scamscan.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The stream tokens' key and lifetime, the same on scan-api and every gateway.
 *
 * @param secret the HMAC key, at least 32 bytes (e.g. {@code openssl rand -base64 48}); required
 * @param previousSecret the key before the last rotation, still accepted; empty when none
 * @param ttl how long a token is valid after it was issued; by default as long as the task's data lives
 *            ({@code scamscan.progress.ttl}, 24 h), so a reopened or shared link works while there is something to see;
 *            a client renews it with {@code GET /tasks/{id}/stream-token}
 */
@ConfigurationProperties(StreamTokenSettings.PREFIX)
public record StreamTokenSettings(
        @Bindable(defaultValue = "") String secret,
        @Bindable(defaultValue = "") String previousSecret,
        @Bindable(defaultValue = "24h") Duration ttl) {

    public static final String PREFIX = "scamscan.security.stream-token";
    private static final int MIN_SECRET_BYTES = 32;

    public StreamTokenSettings {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(PREFIX + ".secret (SCAMSCAN_TOKEN_SECRET) must be set to at least "
                    + MIN_SECRET_BYTES + " bytes, the same on scan-api and every gateway, e.g. `openssl rand -base64 48`");
        }
        if (previousSecret == null) {
            previousSecret = "";
        }
        if (!previousSecret.isEmpty() && previousSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(PREFIX + ".previous-secret must be empty or at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (ttl == null || ttl.toSeconds() < 1) {
            throw new IllegalArgumentException(PREFIX + ".ttl must be at least 1s, was " + ttl);
        }
    }
}
