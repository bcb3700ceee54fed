package com.scamscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.serde.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI's follower against a packaged gateway on a real Redis says what was missed: a greeting with
 * {@code resumed: false} is told to the person and what is left follows; a seq that jumps ahead unannounced makes it
 * resume with {@code last_seq} at once, and nothing is shown twice.
 */
class StreamFollowerGapsIT {

    private static final ProgressSettings PROGRESS = new ProgressSettings(1000, Duration.ofHours(1));
    private static final StreamTokens TOKENS = new StreamTokens(
            new StreamTokenSettings(AppProcess.TOKEN_SECRET, "", Duration.ofHours(1)), Clock.systemUTC());

    private static AppProcess gateway;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;
    private static ProgressPublisher publisher;

    /** What the follower told the person. */
    private static final class Seen implements StreamFollower.Listener {
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final List<String> notices = new CopyOnWriteArrayList<>();

        @Override
        public void event(ProgressEvent event, String raw) {
            seqs.add(event.seq());
        }

        @Override
        public void notice(String message) {
            notices.add(message);
        }
    }

    @BeforeAll
    static void start() {
        RedisFixture fixture = RedisFixture.shared();
        gateway = AppProcess.start("gateway", Map.of("redis.uri", fixture.uri()));
        redisClient = RedisClient.create(fixture.uri());
        redis = redisClient.connect();
        publisher = new ProgressPublisher(redis.async(), RedisNames.standalone(), PROGRESS, ObjectMapper.getDefault());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
            redisClient.shutdown();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void historyThatLostTheStartIsToldAndWhatIsLeftFollows() throws Exception {
        String taskId = newTask();
        for (int i = 1; i <= 6; i++) {
            publish(taskId, 10 * i);
        }
        redis.sync().xtrim(RedisNames.standalone().history(taskId), 2); // 1 to 4 expired
        Seen seen = new Seen();
        StreamFollower follower = new StreamFollower(wsUrl(taskId), Duration.ofSeconds(30), seen);
        var outcome = follower.start().toCompletableFuture();
        Awaitility.await().until(() -> seen.seqs.size() == 2);
        complete(taskId);
        assertInstanceOf(StreamFollower.Outcome.Finished.class, outcome.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(5L, 6L, 7L), seen.seqs);
        assertTrue(seen.notices.stream().anyMatch(n -> n.contains("no longer kept") && n.contains("5 on")), seen.notices.toString());
    }

    @Test
    void anUnannouncedJumpIsResumedAndNothingIsShownTwice() throws Exception {
        String taskId = newTask();
        publish(taskId, 10);
        Seen seen = new Seen();
        StreamFollower follower = new StreamFollower(wsUrl(taskId), Duration.ofSeconds(30), seen);
        var outcome = follower.start().toCompletableFuture();
        Awaitility.await().until(() -> seen.seqs.size() == 1);
        // an event numbered 3 straight onto the channel, in no history: seq 2 never existed for this client
        redis.sync().publish(RedisNames.standalone().progressChannel(taskId),
                "{\"seq\":3,\"step\":\"scam_db\",\"message\":\"out of band\",\"percent\":20,\"timestamp\":\"2026-11-28T00:00:00.000Z\"}");
        Awaitility.await().until(() -> seen.notices.stream().anyMatch(n -> n.contains("resuming to fetch what is between")));
        Awaitility.await().until(() -> seen.notices.stream().anyMatch(n -> n.contains("live updates are back")));
        publish(taskId, 30); // seq 2 and 3, from the publisher, through history
        publish(taskId, 40);
        complete(taskId);
        assertInstanceOf(StreamFollower.Outcome.Finished.class, outcome.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(1L, 2L, 3L, 4L), seen.seqs, "the out-of-band 3 was not shown; every real event once");
    }

    @Test
    void aHoleInTheMiddleOfHistoryIsResumedOnceThenToldAndTheRestFollows() throws Exception {
        String taskId = newTask();
        for (int i = 1; i <= 4; i++) {
            publish(taskId, 10 * i);
        }
        redis.sync().xdel(RedisNames.standalone().history(taskId), "2-0"); // lost from the middle
        Seen seen = new Seen();
        StreamFollower follower = new StreamFollower(wsUrl(taskId), Duration.ofSeconds(30), seen);
        var outcome = follower.start().toCompletableFuture();
        Awaitility.await().until(() -> seen.seqs.size() == 3);
        complete(taskId);
        assertInstanceOf(StreamFollower.Outcome.Finished.class, outcome.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(1L, 3L, 4L, 5L), seen.seqs);
        assertEquals(1, seen.notices.stream().filter(n -> n.contains("resuming to fetch what is between")).count(),
                "one resume for the hole: " + seen.notices);
        assertTrue(seen.notices.stream().anyMatch(n -> n.contains("no longer kept") && n.contains("3 on")), seen.notices.toString());
    }

    private static String newTask() {
        String taskId = TaskId.random();
        new TestTasks(redis.async(), RedisNames.standalone(), PROGRESS).create(taskId, Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    private static URI wsUrl(String taskId) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/agent-progress/" + taskId + "?token=" + TOKENS.issue(taskId));
    }

    private static void publish(String taskId, int percent) {
        publisher.publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Checking", percent, Instant.now()))
                .toCompletableFuture().join();
    }

    private static void complete(String taskId) {
        publisher.publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete",
                new Verdict(VerdictLabel.LIKELY_SAFE, 5, List.of(), Entities.none()), Instant.now())).toCompletableFuture().join();
    }
}
