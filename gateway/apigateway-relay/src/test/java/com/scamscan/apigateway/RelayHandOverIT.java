package com.scamscan.apigateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two relay services on one Redis, as during a deployment (the new task starts before the old one stops): only the
 * leader posts, and when it stops the other takes over its connections and goes on after the last event the first
 * one delivered: every event reaches the client once. Each relay posts to a management API stand-in of its own, so
 * that who posted what is plain.
 */
class RelayHandOverIT {

    private final RedisFixture redis = RedisFixture.startNew();
    private final FakeManagementApi apiOfA = new FakeManagementApi();
    private final FakeManagementApi apiOfB = new FakeManagementApi();
    private ApplicationContext relayA;
    private ApplicationContext relayB;
    private IsolatedFunction function;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {function, relayA, relayB, apiOfA, apiOfB, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private ApplicationContext relay(FakeManagementApi api) {
        System.setProperty("aws.accessKeyId", FakeManagementApi.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", FakeManagementApi.SECRET_KEY);
        System.setProperty("aws.region", FakeManagementApi.REGION);
        Map<String, Object> properties = new HashMap<>(Map.of(
                "redis.uri", redis.uri(),
                "aws.region", FakeManagementApi.REGION,
                "scamscan.apigateway.endpoint", api.endpoint(),
                "scamscan.apigateway.connect-grace", "0s",
                "scamscan.apigateway.leader-lease", "900ms",
                "scamscan.gateway.sweep-interval", "50ms",
                "scamscan.gateway.heartbeat-interval", "300ms",
                "scamscan.gateway.client-timeout", "2s"));
        return ApplicationContext.run(properties);
    }

    private static boolean leads(ApplicationContext relay) {
        return relay.getBean(RelayLease.class).held();
    }

    @Test
    void theStandbyPostsNothingAndTakesOverWithoutSendingAnEventTwice() throws Exception {
        relayA = relay(apiOfA);
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(relayA));
        relayB = relay(apiOfB);
        RedisConnections.Connection<String> inspect = relayB.getBean(RedisConnections.class).connect(); // B outlives A
        RedisNames names = relayA.getBean(RedisNames.class);
        function = new IsolatedFunction(Map.<String, Object>of("redis.uri", redis.uri(), "aws.region", FakeManagementApi.REGION,
                "scamscan.security.stream-token.secret", relayA.getProperty("scamscan.security.stream-token.secret", String.class).orElseThrow(),
                "scamscan.security.rate-limit.connects-per-window", "0", "scamscan.gateway.allowed-origins", "*"));

        String taskId = TaskId.random();
        new TestTasks(inspect.async(), names, ProgressSettings.defaults()).create(taskId, Instant.now()).toCompletableFuture().join();
        ProgressPublisher publisher = new ProgressPublisher(inspect.async(), names, ProgressSettings.defaults(), ObjectMapper.getDefault());
        String first = publisher.publish(taskId, ProgressEvent.progress(Step.ENTITY_EXTRACTION, "entity_extraction", "Running", 10, Instant.now()))
                .toCompletableFuture().join().json();
        String id = "handover" + UUID.randomUUID().toString().substring(0, 6) + "=";
        assertEquals(200, function.handleRequest(connect(id, taskId, relayA.getBean(StreamTokens.class).issue(taskId))).getStatusCode());
        String second = publisher.publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Running", 30, Instant.now()))
                .toCompletableFuture().join().json();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(apiOfA, id).size() == 2);
        assertEquals(List.of(first, second), events(apiOfA, id));
        // the standby has been running all along, and posted nothing: it does not lead
        assertFalse(leads(relayB));
        assertEquals(List.of(), apiOfB.allPosted());
        assertEquals(0, relayB.getBean(RelayService.class).attached());

        relayA.close(); // the old task of a deployment stops: it hands over
        relayA = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(relayB));
        assertEquals("2", inspect.sync().hget(names.apiGatewayConnection(id), "last_seq"), "what the first relay delivered is recorded");
        String third = publisher.publish(taskId, ProgressEvent.progress(Step.EXA_SEARCH, "exa_search", "Running", 40, Instant.now()))
                .toCompletableFuture().join().json();
        String done = publisher.publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete!",
                new Verdict(VerdictLabel.SCAM, 90, List.of("phishing link"), Entities.none()), Instant.now())).toCompletableFuture().join().json();
        await().atMost(Duration.ofSeconds(10)).until(() -> apiOfB.deleted.contains(id));
        assertEquals(List.of(third, done), events(apiOfB, id), "the second relay goes on after what the first delivered");
        assertEquals(List.of(first, second), events(apiOfA, id), "and the first posted nothing more");
        assertEquals(List.of(), apiOfA.badSignatures);
        assertEquals(List.of(), apiOfB.badSignatures);
        assertTrue(apiOfB.postedTo(id).get(0).contains("\"step\":\"connected\""), "the new relay greets the client as a restarted one did");
        // the stream ended with the task: the new leader holds nothing more
        await().atMost(Duration.ofSeconds(10)).until(() -> relayB.getBean(RelayService.class).attached() == 0);
        inspect.close();
    }

    /** What was posted to a connection, greeting and heartbeats left out. */
    private static List<String> events(FakeManagementApi api, String connectionId) {
        return api.postedTo(connectionId).stream()
                .filter(frame -> !frame.startsWith("{\"heartbeat\"") && !frame.contains("\"step\":\"connected\"")).toList();
    }

    private static APIGatewayV2WebSocketEvent connect(String connectionId, String taskId, String token) {
        APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
        identity.setSourceIp("203.0.113.10");
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey("$connect");
        context.setEventType("CONNECT");
        context.setConnectionId(connectionId);
        context.setDomainName("abc123.execute-api.eu-west-1.amazonaws.com");
        context.setStage("test");
        context.setApiId("abc123");
        context.setRequestId(UUID.randomUUID().toString());
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setIdentity(identity);
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setQueryStringParameters(Map.of("task_id", taskId, "token", token));
        event.setHeaders(Map.of("Host", "abc123.execute-api.eu-west-1.amazonaws.com", "Origin", "https://scamscan.example"));
        event.setIsBase64Encoded(false);
        return event;
    }
}
