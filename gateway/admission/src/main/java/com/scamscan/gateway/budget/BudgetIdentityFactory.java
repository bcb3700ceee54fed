package com.scamscan.gateway.budget;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.UUID;

/** A gateway's own budget identity: {@code scamscan.gateway.budget.instance-id}, or a random id; it leaves on shutdown. */
@Factory
public class BudgetIdentityFactory {

    @Singleton
    BudgetIdentity identity(BudgetSettings settings) {
        return new BudgetIdentity(settings.instanceId().isBlank() ? UUID.randomUUID().toString() : settings.instanceId(), true);
    }
}
