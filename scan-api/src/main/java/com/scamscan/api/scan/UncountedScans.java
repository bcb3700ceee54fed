package com.scamscan.api.scan;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Scans the operator sends that do not count against an address's rate limit: {@code ./run}'s own demo scan,
 * which would otherwise use up one of the person's uploads on the same machine. A request carrying
 * {@value #HEADER} with this key is not counted; without a key (the default) every scan counts.
 *
 * @param key the operator's secret, at least 32 characters; empty for none
 */
@ConfigurationProperties(UncountedScans.PREFIX)
@Context // a bad value stops startup instead of failing the first request
public record UncountedScans(@Bindable(defaultValue = "") String key) {

    public static final String PREFIX = "scamscan.scan.uncounted";
    /** The request header that carries the key. */
    public static final String HEADER = "X-ScamScan-Uncounted-Key";

    public UncountedScans {
        key = key == null ? "" : key.trim();
        if (!key.isEmpty() && key.length() < 32) {
            throw new IllegalArgumentException(PREFIX + ".key must be at least 32 characters (e.g. openssl rand -base64 32), or empty");
        }
    }

    /** Whether a request presented the key (compared in constant time). */
    public boolean presented(@Nullable String value) {
        return !key.isEmpty() && value != null
                && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), value.trim().getBytes(StandardCharsets.UTF_8));
    }
}
