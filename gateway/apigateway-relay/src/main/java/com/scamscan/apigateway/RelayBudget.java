package com.scamscan.apigateway;

import com.scamscan.gateway.budget.BudgetIdentity;
import com.scamscan.gateway.budget.BudgetIdentityFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

/**
 * The relay service's place in the connection budget: the instance id the function admits under, so the slots of
 * the connections it attaches are the ones it renews; stopping gives them back like any gateway.
 */
@Factory
class RelayBudget {

    @Singleton
    @Replaces(value = BudgetIdentity.class, factory = BudgetIdentityFactory.class)
    BudgetIdentity identity() {
        return new BudgetIdentity(ApiGatewayBudget.INSTANCE_ID, true);
    }
}
