package com.scamscan.gateway.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.scamscan.gateway.testing.Gateway;
import com.scamscan.gateway.testing.RawClient;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An event fanned out to many WebSockets is encoded once per event loop, the clients share its bytes, none leak. */
class FanOutIT {

    private static final int CLIENTS = 10;
    private static final int READERS = 4;

    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anEventForTenClientsIsEncodedOnceNotTenTimes() {
        // one server event loop: every client of the task is on it, so one encoding per event is the whole story
        gateway = Gateway.start(RedisFixture.shared(), "micronaut.netty.event-loops.default.num-threads", "1",
                "scamscan.gateway.heartbeat-interval", "40s", "scamscan.gateway.client-timeout", "44s");
        String taskId = gateway.newTask();
        List<TestClient> clients = connect(taskId, CLIENTS);
        int events = 20;
        long before = FrameOutbox.encoded();
        for (int i = 1; i <= events; i++) {
            gateway.publish(taskId, Step.SCAM_DB, i);
        }
        for (TestClient client : clients) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == events);
        }
        long encoded = FrameOutbox.encoded() - before;
        assertEquals(events, encoded, events + " events to " + CLIENTS + " clients: encoded " + encoded + " times");
        clients.forEach(TestClient::close);
    }

    @Test
    void sharedFramesAreReleasedSlowReaderIncludedWithTheLeakDetectorAtParanoid() throws Exception {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        Logger leaks = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        ListAppender<ILoggingEvent> reports = new ListAppender<>();
        reports.start();
        leaks.addAppender(reports);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            // as TimeoutsIT's slow reader: a bound readers under load keep within, events enough to fill the stuck
            // client's socket buffers and pass it
            gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.max-pending-bytes", "2097152",
                    "scamscan.progress.history-length", "5000", "scamscan.gateway.slow-close-grace", "200ms");
            String taskId = gateway.newTask();
            try (RawClient stuck = RawClient.connect(gateway.server.getPort(),
                    "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId))) {
                List<TestClient> readers = connect(taskId, READERS);
                await().until(() -> gateway.relay().connections() == READERS + 1);
                String big = "x".repeat(32 * 1024);
                int events = 400; // ~13 MB: the stuck client passes its bound and is dropped (4008, then cut)
                for (int i = 0; i < events; i++) {
                    gateway.publisher().publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", big, 30,
                            Instant.now())).toCompletableFuture().join();
                }
                for (TestClient reader : readers) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> reader.events().size() == events);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() == READERS);
                assertTrue(stuck.closedByServer(), "the stuck client was dropped although its frames were shared");
                readers.forEach(TestClient::close);
            }
            await().until(() -> gateway.relay().connections() == 0);
            gateway.close();
            gateway = null;
            // a leaked buffer is reported once the collector has found it and a later buffer is tracked
            for (int round = 0; round < 5; round++) {
                System.gc();
                List<ByteBuf> tracked = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    tracked.add(PooledByteBufAllocator.DEFAULT.directBuffer(64));
                    tracked.add(ByteBufAllocator.DEFAULT.directBuffer(64));
                }
                tracked.forEach(ByteBuf::release);
            }
            List<String> found = reports.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("LEAK")).toList();
            assertTrue(found.isEmpty(), "leaks reported: " + found);
        } finally {
            ResourceLeakDetector.setLevel(level);
            leaks.detachAppender(reports);
        }
    }

    private List<TestClient> connect(String taskId, int count) {
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(gateway.connect(taskId).awaitFrames(1));
        }
        return clients;
    }
}
