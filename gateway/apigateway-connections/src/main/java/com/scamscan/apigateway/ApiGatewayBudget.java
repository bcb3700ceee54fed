package com.scamscan.apigateway;

/**
 * The API Gateway deployment's one name in the fleet-wide connection budget: the {@code $connect} function admits
 * under it and the relay service, which attaches every admitted connection, holds and renews those slots. Each
 * side's module supplies its {@code BudgetIdentity} bean with this id.
 */
public final class ApiGatewayBudget {

    /** The budget instance id of the API Gateway deployment. */
    public static final String INSTANCE_ID = "apigateway";

    private ApiGatewayBudget() {
    }
}
