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
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The no-progress timeout asks about the task before it gives up on it: a task scan-api still has in hand (queued,
 * leased by a worker, or left on the processing list by a dead worker for the recovery sweep) keeps its client; a task
 * with none of these is presumed failed (4408). The queue's keys are written directly, as scan-api writes them: the
 * gateway knows them by their names only.
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
    void taskLeasedByAWorkerKeepsItsClientThroughALongToolThenDeliversTheVerdict() {
        String taskId = gateway.newTask();
        gateway.publish(taskId, Step.EXA_SEARCH, 40);
        gateway.inspect.sync().set(names.scanLease(taskId), "worker-1", SetArgs.Builder.px(Duration.ofHours(1).toMillis()));
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
        gateway.inspect.sync().lpush(names.scanQueue(), taskId); // waiting for a worker
        TestClient client = watch(taskId, 1);

        clock.advance(Duration.ofSeconds(61));
        staysOpen(client);

        // a worker took it and died before its lease, or its lease lapsed: on the processing list, no lease
        gateway.inspect.sync().lmove(names.scanQueue(), names.scanProcessing(), LMoveArgs.Builder.rightLeft());
        clock.advance(Duration.ofSeconds(61));
        staysOpen(client);

        gateway.inspect.sync().lrem(names.scanProcessing(), 1, taskId); // gone from scan-api's hands, never finished
        clock.advance(Duration.ofSeconds(61));
        assertEquals(4408, client.awaitClose());
        assertTrue(client.frames().get(client.frames().size() - 1).contains("No progress for 60 s: task presumed failed"));
    }

    @Test
    void runningTaskWithoutLeaseOrQueueEntryIsClosed4408() {
        String taskId = gateway.newTask();
        gateway.publish(taskId, Step.SCAM_DB, 30); // e.g. another system's publisher, which uses no queue
        TestClient client = watch(taskId, 2);
        clock.advance(Duration.ofSeconds(61));
        assertEquals(4408, client.awaitClose());
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
