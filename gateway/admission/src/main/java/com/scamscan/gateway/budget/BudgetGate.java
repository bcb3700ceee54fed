package com.scamscan.gateway.budget;

/**
 * Whether this process keeps the budget under its identity right now. Without such a bean it always does. A shape in
 * which several processes share one identity but only one of them holds the connections (the API Gateway relay
 * service: a leader and standbys) supplies one: a process that is not counting neither renews the identity's lease
 * (its count of zero would overwrite the holder's) nor leaves the fleet when it stops (which would drop the counts
 * the holder took over).
 */
@FunctionalInterface
public interface BudgetGate {

    boolean counting();
}
