package com.scamscan.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.scamscan.gateway.admission.Admission;
import com.scamscan.gateway.budget.BudgetIdentity;
import com.scamscan.gateway.budget.ConnectionBudget;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The function is a module of its own: admission and the connection records, no relay on its classpath or in its
 * context, and the budget identity of the relay service, which it never gives back.
 */
class FunctionShapeTest {

    private RedisFixture redis;
    private WebSocketEventHandler handler;

    @BeforeEach
    void start() {
        redis = RedisFixture.startNew();
        handler = new WebSocketEventHandler(ApplicationContext.builder().properties(Map.of("redis.uri", redis.uri())));
    }

    @AfterEach
    void stop() {
        if (handler != null) {
            handler.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theRelayIsNotOnTheClasspathNorInTheContext() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.scamscan.gateway.relay.ProgressRelay"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.scamscan.apigateway.RelayService"));
        ApplicationContext context = handler.getApplicationContext();
        assertNotNull(context.getBean(Admission.class));
        assertNotNull(context.getBean(ConnectionRegistry.class));
        assertFalse(context.getAllBeanDefinitions().stream()
                        .anyMatch(bean -> bean.getBeanType().getName().startsWith("com.scamscan.gateway.relay.")),
                "relay beans in the function's context");
    }

    @Test
    void itAdmitsUnderTheRelayServicesIdentityAndNeverGivesTheSlotsBack() {
        ApplicationContext context = handler.getApplicationContext();
        assertEquals(new BudgetIdentity(ApiGatewayBudget.INSTANCE_ID, false), context.getBean(BudgetIdentity.class));
        ConnectionBudget budget = context.getBean(ConnectionBudget.class);
        assertEquals(ApiGatewayBudget.INSTANCE_ID, budget.instanceId());
        assertEquals(Optional.empty(), budget.admit().toCompletableFuture().join());
        RedisNames names = context.getBean(RedisNames.class);

        handler.close(); // a function instance ends: the slot it took is the relay service's
        handler = null;

        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> inspect = client.connect()) {
            assertEquals("1", inspect.sync().hget(names.budgetCounts(), ApiGatewayBudget.INSTANCE_ID), "the slot was given back");
            assertNotNull(inspect.sync().zscore(names.budgetLeases(), ApiGatewayBudget.INSTANCE_ID), "the lease was dropped");
        } finally {
            client.shutdown();
        }
    }
}
