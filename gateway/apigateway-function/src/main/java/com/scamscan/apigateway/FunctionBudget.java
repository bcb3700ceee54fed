package com.scamscan.apigateway;

import com.scamscan.gateway.budget.BudgetIdentity;
import com.scamscan.gateway.budget.BudgetIdentityFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

/**
 * The function's place in the connection budget: it admits under the relay service's instance id, and the slots it
 * takes are the relay service's (which renews them); a function instance that stops gives none back.
 */
@Factory
class FunctionBudget {

    @Singleton
    @Replaces(value = BudgetIdentity.class, factory = BudgetIdentityFactory.class)
    BudgetIdentity identity() {
        return new BudgetIdentity(ApiGatewayBudget.INSTANCE_ID, false);
    }
}
