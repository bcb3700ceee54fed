package com.scamscan.gateway.budget;

/**
 * Who this process is in the fleet-wide budget: the instance id its slots are counted under, and whether stopping
 * gives them back at once. A gateway is its own instance ({@link BudgetIdentityFactory}: {@code instance-id} or a
 * random id, leaving on shutdown). A deployment shape that admits for another process supplies its own bean with
 * {@code @Replaces}: the API Gateway function admits under the relay service's id and never leaves, since its
 * slots belong to the relay service, which renews them.
 *
 * @param instanceId the budget's name for this instance
 * @param leaveOnShutdown whether stopping gives this instance's slots back at once (otherwise they return when the
 *                        lease ends, unless someone renews it)
 */
public record BudgetIdentity(String instanceId, boolean leaveOnShutdown) {

    public BudgetIdentity {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("a budget instance id must not be blank");
        }
    }
}
