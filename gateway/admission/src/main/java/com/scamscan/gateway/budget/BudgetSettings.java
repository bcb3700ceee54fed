package com.scamscan.gateway.budget;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The connection budget shared by every gateway instance.
 *
 * @param cap connections the whole fleet may hold at once
 * @param instanceCap connections one instance may hold (0: no limit of its own)
 * @param leaseTtl how long an instance's slots stay reserved without a renewal; a crashed instance's slots come back
 *                 within this; after Redis lost its data, admissions wait this long while instances restore their counts
 * @param renewInterval how often an instance renews its lease and resets its count; below {@code leaseTtl}
 * @param instanceId this instance's name in the budget; empty: a random one at startup. A deployment shape whose
 *                   identity is fixed (the API Gateway function and relay service) supplies its own {@link BudgetIdentity}
 *                   bean instead, which wins over this property
 */
@ConfigurationProperties(BudgetSettings.PREFIX)
public record BudgetSettings(
        @Bindable(defaultValue = "100") int cap,
        @Bindable(defaultValue = "0") int instanceCap,
        @Bindable(defaultValue = "45s") Duration leaseTtl,
        @Bindable(defaultValue = "15s") Duration renewInterval,
        @Bindable(defaultValue = "") String instanceId) {

    public static final String PREFIX = "scamscan.gateway.budget";
    public static final String LEASE_TTL = PREFIX + ".lease-ttl";
    public static final String RENEW_INTERVAL = PREFIX + ".renew-interval";
    public static final String INSTANCE_ID = PREFIX + ".instance-id";

    public BudgetSettings {
        if (cap < 0 || instanceCap < 0) {
            throw new IllegalArgumentException(PREFIX + ".cap and .instance-cap must not be negative");
        }
        if (leaseTtl.toMillis() < 100) {
            throw new IllegalArgumentException(LEASE_TTL + " must be at least 100ms");
        }
        if (renewInterval.isNegative() || renewInterval.isZero() || renewInterval.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException(RENEW_INTERVAL + " (" + show(renewInterval) + ") must be positive and below "
                    + LEASE_TTL + " (" + show(leaseTtl) + "), or live instances' leases lapse between renewals");
        }
    }

    /** A duration as the configuration writes it: {@code 45s}, {@code 1500ms}. */
    public static String show(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
