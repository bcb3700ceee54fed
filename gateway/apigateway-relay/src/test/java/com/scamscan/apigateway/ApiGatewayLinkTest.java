package com.scamscan.apigateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.relay.ClientLink;
import com.scamscan.testing.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * {@link ApiGatewayLink} against a local stand-in of the management API (SigV4 checked) with the SDK's asynchronous
 * Netty client as the relay service builds it: posts that block no thread, at most the pool's size in flight, each
 * connection's frames in order, heartbeats only where nothing else went out.
 */
class ApiGatewayLinkTest {

    private static final int POOL = 4;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private static FakeManagementApi api;
    private static ApiGatewayManagementApiAsyncClient client;
    private static ExecutorService wakeUps;
    private final MutableClock clock = new MutableClock();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> left = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", FakeManagementApi.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", FakeManagementApi.SECRET_KEY);
        System.setProperty("aws.region", FakeManagementApi.REGION);
        api = new FakeManagementApi();
        client = ManagementApiFactory.client(api.endpoint(), POOL);
        wakeUps = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        client.close();
        api.close();
        wakeUps.shutdown();
    }

    @AfterEach
    void everyCallWasSigned() {
        assertEquals(List.of(), api.badSignatures);
    }

    private ApiGatewayLink link(String id) {
        return new ApiGatewayLink(id, client, wakeUps, 1 << 20, HEARTBEAT, Instant.MIN, clock,
                link -> delivered.add(link.id()), link -> left.add(link.id()));
    }

    private static byte[] frame(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(int seq) {
        return "{\"seq\":" + seq + ",\"step\":\"scam_db\",\"message\":\"Checking\",\"percent\":30,\"timestamp\":\"2026-11-25T10:00:00Z\"}";
    }

    private static String heartbeat() {
        return "{\"heartbeat\":true,\"timestamp\":\"2026-11-25T10:00:00Z\"}";
    }

    @Test
    void postsBlockNoThreadAndAtMostThePoolIsInFlight() {
        CountDownLatch gate = new CountDownLatch(1);
        api.hold = gate;
        api.maxInFlight.set(0);
        List<ApiGatewayLink> links = IntStream.range(0, 20).mapToObj(i -> link("pool" + i + "=")).toList();
        try {
            // every send returns while API Gateway answers nothing: the frames wait in the pool, no thread waits
            for (ApiGatewayLink link : links) {
                assertEquals(ClientLink.Sent.QUEUED, link.send(frame(event(1))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> api.inFlight.get() == POOL);
        } finally {
            gate.countDown();
            api.hold = null;
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> links.stream().allMatch(l -> api.postedTo(l.id()).size() == 1));
        assertEquals(POOL, api.maxInFlight.get(), "never more posts at once than the pool has connections");
        assertEquals(20, links.stream().filter(l -> delivered.contains(l.id())).count(), "each delivery is a sign of life");
    }

    @Test
    void oneConnectionsFramesArriveInOrder() {
        ApiGatewayLink link = link("order=");
        List<String> sent = new ArrayList<>();
        for (int seq = 1; seq <= 30; seq++) {
            sent.add(event(seq));
            assertEquals(ClientLink.Sent.QUEUED, link.send(frame(event(seq))));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.postedTo("order=").size() == 30);
        assertEquals(sent, api.postedTo("order="));
    }

    @Test
    void aHeartbeatIsPostedOnlyToAConnectionThatGotNothingElseForAnInterval() {
        ApiGatewayLink link = link("beat=");
        link.send(frame(event(1)));
        clock.advance(HEARTBEAT.minusSeconds(1));
        assertEquals(ClientLink.Sent.QUEUED, link.send(frame(heartbeat()))); // an event went out 14 s ago: skipped
        link.send(frame(event(2)));
        clock.advance(HEARTBEAT);
        link.send(frame(heartbeat())); // nothing for 15 s: posted
        link.send(frame(event(3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.postedTo("beat=").size() >= 4);
        assertEquals(List.of(event(1), event(2), heartbeat(), event(3)), api.postedTo("beat="));
        assertTrue(ApiGatewayLink.isHeartbeat(frame(heartbeat())));
        assertTrue(!ApiGatewayLink.isHeartbeat(frame(event(1))));
    }

    @Test
    void aGoneConnectionLeavesOnceAndTakesNoMoreFrames() {
        api.gone.add("gone=");
        ApiGatewayLink link = link("gone=");
        link.send(frame(event(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains("gone="));
        assertEquals(ClientLink.Sent.GONE, link.send(frame(event(2))));
        link.close(com.scamscan.progress.CloseCode.TASK_FINISHED);
        assertEquals(List.of("gone="), left);
        assertEquals(List.of(), api.postedTo("gone="));
    }

    @Test
    void closingDeletesTheConnectionAfterTheFramesBeforeIt() {
        ApiGatewayLink link = link("close=");
        link.send(frame(event(1)));
        link.close(com.scamscan.progress.CloseCode.TASK_FINISHED);
        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains("close="));
        assertEquals(List.of(event(1)), api.postedTo("close="));
        assertTrue(api.deleted.contains("close="));
    }
}
