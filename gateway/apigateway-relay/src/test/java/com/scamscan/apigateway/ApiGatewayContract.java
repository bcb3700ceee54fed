package com.scamscan.apigateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.scamscan.gateway.budget.ConnectionBudget;
import com.scamscan.gateway.relay.ProgressRelay;
import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisNames;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.redis.RedisConnections;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API Gateway WebSocket path end to end, without AWS: the Lambda handler is driven with events of the shape API
 * Gateway sends for {@code $connect}, {@code $disconnect} and {@code $default}; the relay service runs on the
 * gateway's relay core against a real Redis and posts to a local fake of the management API that checks every
 * call's SigV4 signature. On a single Redis ({@link ApiGatewayIT}) and on a local Redis Cluster ({@link ApiGatewayClusterIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiGatewayContract {

    private FakeManagementApi api;
    private ApplicationContext relayService;
    private IsolatedFunction handler;
    private RedisConnections.Connection<String> inspect;
    private RedisNames names;

    /** Where the function and the relay service find Redis; called once, before anything starts. */
    protected abstract Map<String, Object> redisProperties();

    /** Called once the test's connection is open: clears what earlier users of a shared Redis left. */
    protected void clean(RedisConnections.Connection<String> redis, RedisNames names) {
    }

    @BeforeAll
    void start() throws Exception {
        System.setProperty("aws.accessKeyId", FakeManagementApi.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", FakeManagementApi.SECRET_KEY);
        System.setProperty("aws.region", FakeManagementApi.REGION);
        api = new FakeManagementApi();
        Map<String, Object> common = new HashMap<>(redisProperties());
        common.putAll(Map.of(
                "scamscan.gateway.budget.cap", "2",
                "aws.region", FakeManagementApi.REGION));
        Map<String, Object> relay = new HashMap<>(common);
        relay.put("scamscan.apigateway.endpoint", api.endpoint());
        relay.put("scamscan.apigateway.connect-grace", "0s");
        relay.put("scamscan.gateway.sweep-interval", "50ms");
        relay.put("scamscan.gateway.heartbeat-interval", "300ms");
        relay.put("scamscan.gateway.client-timeout", "2s"); // a delivered post is the sign of life
        relayService = ApplicationContext.run(relay);
        names = relayService.getBean(RedisNames.class);
        inspect = relayService.getBean(RedisConnections.class).connect();
        clean(inspect, names);
        // the function's jar has no application-test.yml: what this module's gives the relay service, it is given here
        Map<String, Object> function = new HashMap<>(common);
        function.putAll(Map.of(
                "scamscan.security.stream-token.secret", relayService.getProperty("scamscan.security.stream-token.secret", String.class).orElseThrow(),
                "scamscan.security.rate-limit.connects-per-window", "0",
                "scamscan.gateway.allowed-origins", "*"));
        handler = new IsolatedFunction(function);
    }

    @AfterAll
    void stop() throws Exception {
        if (handler != null) {
            handler.close();
        }
        if (relayService != null) {
            inspect.close();
            relayService.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @AfterEach
    void everyCallWasSignedAndNothingIsLeft() {
        assertEquals(List.of(), api.badSignatures, "calls without a valid SigV4 signature");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(0, relayService.getBean(ProgressRelay.class).subscriptionCount(), "subscriptions left");
            assertEquals(0, relayService.getBean(RelayService.class).attached(), "connections left attached");
            long held = inspect.sync().hvals(names.budgetCounts()).stream().mapToLong(Long::parseLong).sum();
            assertEquals(0, held, "budget slots left");
        });
    }

    private String newTask() {
        String taskId = TaskId.random();
        new TestTasks(inspect.async(), names, ProgressSettings.defaults())
                .create(taskId, Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    private String publish(String taskId, Step step, int percent) {
        return publisher().publish(taskId, ProgressEvent.progress(step, step.wireName(), "Running " + step, percent, Instant.now()))
                .toCompletableFuture().join().json();
    }

    private String complete(String taskId) {
        return publisher().publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete!",
                new Verdict(VerdictLabel.SCAM, 90, List.of("phishing link"), Entities.none()), Instant.now()))
                .toCompletableFuture().join().json();
    }

    private ProgressPublisher publisher() {
        return new ProgressPublisher(inspect.async(), names, ProgressSettings.defaults(), ObjectMapper.getDefault());
    }

    private String token(String taskId) {
        return relayService.getBean(StreamTokens.class).issue(taskId);
    }

    /** A {@code $connect} event as API Gateway sends it: route, connection id, source IP, query string, headers. */
    private static APIGatewayV2WebSocketEvent event(String route, String connectionId, Map<String, String> query, Map<String, String> headers) {
        APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
        identity.setSourceIp("203.0.113.10");
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(route);
        context.setEventType(route.equals("$connect") ? "CONNECT" : route.equals("$disconnect") ? "DISCONNECT" : "MESSAGE");
        context.setConnectionId(connectionId);
        context.setDomainName("abc123.execute-api.eu-west-1.amazonaws.com");
        context.setStage("test");
        context.setApiId("abc123");
        context.setRequestId(UUID.randomUUID().toString());
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setIdentity(identity);
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setQueryStringParameters(query);
        event.setHeaders(headers);
        event.setIsBase64Encoded(false);
        return event;
    }

    private APIGatewayV2WebSocketResponse connect(String connectionId, String taskId, String token, String lastSeq) {
        Map<String, String> query = new HashMap<>();
        query.put("task_id", taskId);
        if (token != null) {
            query.put("token", token);
        }
        if (lastSeq != null) {
            query.put("last_seq", lastSeq);
        }
        return handler.handleRequest(event("$connect", connectionId, query,
                Map.of("Host", "abc123.execute-api.eu-west-1.amazonaws.com", "Origin", "https://scamscan.example")));
    }

    private APIGatewayV2WebSocketResponse disconnect(String connectionId) {
        return handler.handleRequest(event("$disconnect", connectionId, null, Map.of()));
    }

    /** What was posted to a connection, heartbeats left out. */
    private List<String> events(String connectionId) {
        return api.postedTo(connectionId).stream().filter(frame -> !frame.startsWith("{\"heartbeat\"")).toList();
    }

    private String connectionId() {
        return UUID.randomUUID().toString().substring(0, 12).replace('-', 'x') + "=";
    }

    /** The deployment shapes are modules: the function's jar holds no relay, this module no function. */
    @Test
    void eachHalfIsItsOwnModuleAndBothCountUnderOneBudgetIdentity() {
        assertFalse(handler.holds("com.scamscan.gateway.relay.ProgressRelay"), "the relay is in the function's jar");
        assertFalse(handler.holds("com.scamscan.apigateway.RelayService"), "the relay service is in the function's jar");
        assertTrue(handler.holds("com.scamscan.gateway.admission.Admission"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.scamscan.apigateway.WebSocketEventHandler"));
        assertEquals(ApiGatewayBudget.INSTANCE_ID, relayService.getBean(ConnectionBudget.class).instanceId());
    }

    @Test
    void aConnectionIsGreetedReplayedFollowedAndClosedThroughTheManagementApi() {
        String taskId = newTask();
        String first = publish(taskId, Step.ENTITY_EXTRACTION, 10);
        String second = publish(taskId, Step.SCAM_DB, 30);
        String id = connectionId();
        assertEquals(200, connect(id, taskId, token(taskId), null).getStatusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> events(id).size() >= 3);
        List<String> frames = events(id);
        assertTrue(frames.get(0).contains("\"step\":\"connected\""), frames.toString());
        assertEquals(List.of(first, second), frames.subList(1, 3));

        String third = publish(taskId, Step.EXA_SEARCH, 40);
        String done = complete(taskId);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.deleted.contains(id));
        assertEquals(List.of(first, second, third, done), events(id).subList(1, 5));
        assertEquals(200, disconnect(id).getStatusCode()); // API Gateway's answer to the delete
        assertEquals(0L, inspect.sync().exists(names.apiGatewayConnection(id)));
    }

    @Test
    void aResumingConnectionGetsOnlyWhatItMissed() {
        String taskId = newTask();
        publish(taskId, Step.ENTITY_EXTRACTION, 10);
        publish(taskId, Step.SCAM_DB, 30);
        String third = publish(taskId, Step.EXA_SEARCH, 40);
        String done = complete(taskId);
        String id = connectionId();
        assertEquals(200, connect(id, taskId, token(taskId), "2").getStatusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> api.deleted.contains(id));
        assertEquals(List.of(third, done), events(id).subList(1, events(id).size()));
        disconnect(id);
    }

    @Test
    void refusalsAreHttpStatusesAtTheHandshakeAndHoldNothing() {
        String taskId = newTask();
        assertEquals(401, connect(connectionId(), taskId, null, null).getStatusCode());
        assertEquals(401, connect(connectionId(), taskId, token(newTask()), null).getStatusCode());
        assertEquals(400, connect(connectionId(), "not valid!", token(taskId), null).getStatusCode());
        assertEquals(400, connect(connectionId(), taskId, token(taskId), "-1").getStatusCode());
        String unknown = TaskId.random();
        assertEquals(404, connect(connectionId(), unknown, token(unknown), null).getStatusCode());
        assertEquals(200, handler.handleRequest(event("$default", connectionId(), null, Map.of())).getStatusCode());
        assertEquals(List.of(), inspect.sync().keys("apigw_connection:*"));
    }

    @Test
    void theFleetBudgetIsSharedWithTheFunctionAndFullMeans503() {
        String taskId = newTask();
        String a = connectionId();
        String b = connectionId();
        assertEquals(200, connect(a, taskId, token(taskId), null).getStatusCode());
        assertEquals(200, connect(b, taskId, token(taskId), null).getStatusCode());
        APIGatewayV2WebSocketResponse full = connect(connectionId(), taskId, token(taskId), null);
        assertEquals(503, full.getStatusCode());
        assertTrue(full.getBody().contains("Too many connections"), full.getBody());
        await().atMost(Duration.ofSeconds(10)).until(() -> relayService.getBean(RelayService.class).attached() == 2);
        disconnect(a);
        disconnect(b);
    }

    @Test
    void anIdleConnectionGetsHeartbeatsAndStaysAttachedLongerThanTheClientTimeout() {
        String taskId = newTask();
        String id = connectionId();
        assertEquals(200, connect(id, taskId, token(taskId), null).getStatusCode());
        // 3 s of silence from the task: heartbeats every 300 ms keep it, past the 2 s client timeout
        await().atMost(Duration.ofSeconds(10)).until(() -> api.postedTo(id).stream().filter(f -> f.startsWith("{\"heartbeat\"")).count() >= 10);
        assertEquals(1, relayService.getBean(RelayService.class).attached());
        assertTrue(!api.deleted.contains(id), "closed while alive");
        complete(taskId);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.deleted.contains(id));
        disconnect(id);
    }

    @Test
    void aGoneConnectionIsDetachedAndItsRecordDropped() {
        String taskId = newTask();
        String id = connectionId();
        api.gone.add(id);
        assertEquals(200, connect(id, taskId, token(taskId), null).getStatusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> inspect.sync().exists(names.apiGatewayConnection(id)) == 0);
        assertEquals(List.of(), api.postedTo(id));
    }
}
