package com.scamscan.gateway.relay;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.gateway.budget.BudgetSettings;
import io.micronaut.context.annotation.Context;

/**
 * Checks at startup that the relay's client timeout fits the budget's lease. A gateway frozen (or cut off from Redis)
 * for longer than {@code lease-ttl} has its slots handed to others; its clients must by then have been silent for
 * longer than {@code client-timeout}, so that it drops them as soon as it runs again instead of holding them over the
 * cap (what is left over is shed, see {@link ConnectionBudget}).
 */
@Context
public class BudgetTimings {

    /** Fails with a message naming both properties when {@code client-timeout} exceeds {@code lease-ttl}. */
    public BudgetTimings(GatewaySettings gateway, BudgetSettings budget) {
        if (gateway.clientTimeout().compareTo(budget.leaseTtl()) > 0) {
            throw new IllegalArgumentException(GatewaySettings.CLIENT_TIMEOUT + " (" + BudgetSettings.show(gateway.clientTimeout())
                    + ") must not exceed " + BudgetSettings.LEASE_TTL + " (" + BudgetSettings.show(budget.leaseTtl())
                    + "): a gateway frozen past its lease would keep clients whose slots went to other instances; "
                    + "raise lease-ttl or lower client-timeout");
        }
    }
}
