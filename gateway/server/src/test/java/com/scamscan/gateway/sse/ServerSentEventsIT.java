package com.scamscan.gateway.sse;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.progress.Step;
import com.scamscan.testing.client.SseTestClient;
import com.scamscan.testing.client.SseTestClient.SseEvent;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Server-Sent Events stream on a real gateway and Redis, read by a real HTTP client: the same frames as the
 * WebSocket (byte for byte), {@code id: SEQ} on task events, resume by {@code Last-Event-ID} or {@code last_seq},
 * heartbeats as named events, the same admission with its refusals as an error frame and a {@code close} event, and
 * the same budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSentEventsIT {

    private Gateway gateway;

    @BeforeAll
    void start() {
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.heartbeat-interval", "200ms",
                "scamscan.gateway.allowed-origins", "https://page.example",
                // the gateway runs on localhost here: without this Micronaut answers any foreign Origin 403 itself
                // (its drive-by-localhost guard), before the relay can say 4403
                "micronaut.server.cors.localhost-pass-through", "true");
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aStreamGetsTheWebSocketsFramesAsEventsWithTheirSeqAsIdThenACloseEvent() {
        String taskId = gateway.newTask();
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10)); // before: replayed

        SseTestClient sse = SseTestClient.connect(gateway.sseUri(taskId));
        assertEquals(200, sse.response().statusCode());
        assertTrue(sse.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEquals("no", sse.response().headers().firstValue("X-Accel-Buffering").orElse(null));
        TestClient ws = gateway.connect(taskId).awaitFrames(2);
        sse.awaitEvents(2);
        await().until(() -> gateway.numsub(taskId) == 1);

        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        published.add(gateway.publish(taskId, Step.REASONING, 90));
        published.add(gateway.complete(taskId));

        assertEquals(1000, sse.awaitClose());
        assertEquals(1000, ws.awaitClose());
        assertTrue(sse.endedCleanly(), "the response ends after the close event");
        assertEquals(published, sse.taskEvents(), "every event, in order, byte for byte");
        assertEquals(ws.events(), sse.taskEvents(), "the same bytes as the WebSocket");
        assertTrue(sse.frames().get(0).startsWith("{\"step\":\"connected\""), sse.frames().get(0));
        assertTrue(sse.frames().get(0).endsWith(",\"resumed\":true}"), sse.frames().get(0));
        List<SseEvent> events = sse.events().stream().filter(e -> !e.name().equals("heartbeat")).toList();
        assertNull(events.get(0).id(), "the greeting has no seq");
        for (int i = 1; i <= 4; i++) {
            assertEquals(Integer.toString(i), events.get(i).id());
        }
        SseEvent close = events.get(events.size() - 1);
        assertEquals("close", close.name());
        assertEquals("{\"code\":1000,\"reason\":\"" + com.scamscan.progress.CloseCode.TASK_FINISHED.reason() + "\"}", close.data());
    }

    @Test
    void lastEventIdResumesAfterItAndWinsOverLastSeq() {
        String taskId = gateway.newTask();
        List<String> published = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            published.add(gateway.publish(taskId, Step.SCAM_DB, 10 * i));
        }
        SseTestClient byHeader = SseTestClient.connect(URI.create(gateway.sseUri(taskId) + "&last_seq=1"),
                Map.of("Last-Event-ID", "3")).awaitEvents(2);
        SseTestClient byQuery = SseTestClient.connect(URI.create(gateway.sseUri(taskId) + "&last_seq=2")).awaitEvents(3);
        String last = gateway.complete(taskId);
        assertEquals(1000, byHeader.awaitClose());
        assertEquals(1000, byQuery.awaitClose());
        assertEquals(List.of(published.get(3), last), byHeader.taskEvents());
        assertEquals(List.of(published.get(2), published.get(3), last), byQuery.taskEvents());
    }

    @Test
    void heartbeatsAreNamedEventsThatOnmessageDoesNotSee() {
        String taskId = gateway.newTask();
        SseTestClient sse = SseTestClient.connect(gateway.sseUri(taskId)).awaitEvents(1);
        await().until(() -> sse.events().stream().filter(e -> e.name().equals("heartbeat")).count() >= 2);
        SseEvent heartbeat = sse.events().stream().filter(e -> e.name().equals("heartbeat")).findFirst().orElseThrow();
        assertTrue(heartbeat.data().startsWith("{\"heartbeat\":true"), heartbeat.data());
        assertEquals(1, sse.frames().size(), "only the greeting is a message");
        await().until(() -> gateway.relay().connections() >= 1);
        sse.abort();
        await().until(() -> gateway.numsub(taskId) == 0);
    }

    @Test
    void refusalsAreAnErrorFrameAndACloseEventWithTheWebSocketsCode() {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log = new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger refusals = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                com.scamscan.gateway.admission.RefusalLog.class);
        refusals.addAppender(log);
        try {
            refusals(log);
        } finally {
            refusals.detachAppender(log);
        }
    }

    private void refusals(ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log) {
        String taskId = gateway.newTask();
        SseTestClient noToken = SseTestClient.connect(URI.create(
                "http://localhost:" + gateway.server.getPort() + "/sse/agent-progress/" + taskId));
        assertEquals(4401, noToken.awaitClose());
        assertTrue(noToken.frames().get(0).contains("\"error\":true"), noToken.frames().get(0));

        SseTestClient badOrigin = SseTestClient.connect(gateway.sseUri(taskId), Map.of("Origin", "https://evil.example"));
        assertEquals(4403, badOrigin.awaitClose(), () -> badOrigin.response().statusCode() + " " + badOrigin.response().headers().map() + badOrigin.events());
        assertTrue(badOrigin.response().headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        SseTestClient page = SseTestClient.connect(gateway.sseUri(taskId), Map.of("Origin", "https://page.example"));
        assertEquals("https://page.example", page.response().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        page.awaitEvents(1);
        page.abort();

        String unknown = "no-such-task-" + System.nanoTime();
        assertEquals(4404, SseTestClient.connect(gateway.sseUri(unknown)).awaitClose());
        assertEquals(1008, SseTestClient.connect(URI.create(gateway.sseUri(taskId) + "&last_seq=-4")).awaitClose());
        assertEquals(1008, SseTestClient.connect(gateway.sseUri(taskId), Map.of("Last-Event-ID", "x")).awaitClose());
        await().until(() -> gateway.relay().connections() == 0);
        // each refused handshake's line names the transport (RefusalLog), never the token the client sent
        List<String> lines;
        synchronized (log) {
            lines = log.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("handshake refused: 4401 UNAUTHORIZED from ") && l.endsWith(", task " + taskId + ", sse")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("handshake refused: 4403 ORIGIN_NOT_ALLOWED from ") && l.endsWith(", sse")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("v1.") || l.contains("token=")), lines.toString());
    }

    @Test
    void anSseClientHoldsABudgetSlotUntilItLeaves() {
        String taskId = gateway.newTask();
        int before = gateway.relay().connections();
        SseTestClient sse = SseTestClient.connect(gateway.sseUri(taskId)).awaitEvents(1);
        assertEquals(before + 1, gateway.relay().connections());
        sse.abort();
        await().until(() -> gateway.relay().connections() == before);
    }
}
