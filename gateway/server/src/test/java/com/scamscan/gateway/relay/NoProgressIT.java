package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.progress.Step;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import com.scamscan.testing.time.MutableClock;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The no-progress timeout asks about the task before it gives up on it: a task scan-api still has in hand (its entry
 * on the scan stream waiting for a worker, or pending with one, alive or dead and about to be taken over) keeps its
 * client; a task with neither is presumed failed (4408). The stream is written directly, as scan-api writes it: the
 * gateway knows it by its name only.
 */
class NoProgressIT {

    private final MutableClock clock = new MutableClock();
    private Gateway gateway;
    private RedisNames names;

    @BeforeEach
    void start() {
        gateway = Gateway.start(RedisFixture.shared(), clock, "scamscan.gateway.no-progress-timeout", "60s",
                "scamscan.gateway.client-timeout", "1h", "scamscan.gateway.budget.lease-ttl", "1h");
        names = gateway.context.getBean(RedisNames.class);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void taskHeldByAWorkerKeepsItsClientThroughALongToolThenDeliversTheVerdict() {
        String taskId = gateway.newTask();
        gateway.publish(taskId, Step.EXA_SEARCH, 40);
        queue(taskId);
        deliverAll(); // pending with worker-1
        TestClient client = watch(taskId, 2);

        clock.advance(Duration.ofSeconds(61)); // a tool that takes longer than the timeout, its worker alive
        staysOpen(client);
        clock.advance(Duration.ofSeconds(61));
        staysOpen(client);

        gateway.complete(taskId);
        assertEquals(1000, client.awaitClose(), "the verdict reached the client");
        assertTrue(client.events().get(client.events().size() - 1).contains("\"step\":\"completed\""));
    }

    @Test
    void queuedTaskAndTaskLeftByADeadWorkerKeepTheirClientATaskNobodyHoldsIsClosed4408() {
        String taskId = gateway.newTask();
        String entry = queue(taskId); // waiting for a worker
        TestClient client = watch(taskId, 1);

        clock.advance(Duration.ofSeconds(61));
        staysOpen(client);

        // a worker took it and died: pending with a consumer that never touches it, until another worker takes it over
        deliverAll();
        clock.advance(Duration.ofSeconds(61));
        staysOpen(client);

        // gone from scan-api's hands, never finished
        gateway.inspect.sync().xack(names.scanStream(), names.scanGroup(), entry);
        gateway.inspect.sync().xdel(names.scanStream(), entry);
        clock.advance(Duration.ofSeconds(61));
        assertEquals(4408, client.awaitClose());
        assertTrue(client.frames().get(client.frames().size() - 1).contains("No progress for 60 s: task presumed failed"));
    }

    @Test
    void runningTaskWithoutQueueEntryIsClosed4408() {
        String taskId = gateway.newTask();
        gateway.publish(taskId, Step.SCAM_DB, 30); // e.g. another system's publisher, which uses no queue
        TestClient client = watch(taskId, 2);
        clock.advance(Duration.ofSeconds(61));
        assertEquals(4408, client.awaitClose());
    }

    /** What scan-api's submission does: an entry on the stream, its id in the task record. */
    private String queue(String taskId) {
        try {
            gateway.inspect.sync().xgroupCreate(XReadArgs.StreamOffset.from(names.scanStream(), "0-0"), names.scanGroup(),
                    XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException exists) {
            // an earlier test made it
        }
        String entry = gateway.inspect.sync().xadd(names.scanStream(), Map.of("task_id", taskId));
        gateway.inspect.sync().hset(names.task(taskId), RedisNames.queueEntryField(), entry);
        return entry;
    }

    /** A worker reads every waiting entry. */
    private void deliverAll() {
        gateway.inspect.sync().xreadgroup(io.lettuce.core.Consumer.from(names.scanGroup(), "worker-1"),
                XReadArgs.Builder.count(10_000), XReadArgs.StreamOffset.lastConsumed(names.scanStream()));
    }

    private TestClient watch(String taskId, int frames) {
        TestClient client = gateway.connect(taskId).awaitFrames(frames);
        await().until(() -> gateway.numsub(taskId) == 1);
        return client;
    }

    /** The client stays connected over many sweeps (every 50 ms) after the clock passed the timeout. */
    private static void staysOpen(TestClient client) {
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> !client.isClosed());
    }
}
