package com.scamscan.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.serde.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real SIGTERM to a packaged gateway holding 300 clients while their tasks keep publishing: readiness goes DOWN and
 * new clients get 1013 at once, every connected client gets an error frame and a real 1001 close frame, the closes
 * are spread over {@code drain-timeout} instead of all at once, and every client that resumes with its
 * {@code last_seq} on another gateway ends with every event of its task exactly once, in order.
 */
class GatewayDrainIT {

    private static final int TASKS = 60;
    private static final int CLIENTS_PER_TASK = 5;
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+)");

    private final StreamTokens tokens = new StreamTokens(
            new StreamTokenSettings(AppProcess.TOKEN_SECRET, "", Duration.ofHours(1)), Clock.systemUTC());

    @Test
    void sigtermDrainsThreeHundredClientsOverTheWindowAndTheyResumeElsewhereWithNothingLost() throws Exception {
        RedisFixture redis = RedisFixture.shared();
        Map<String, String> settings = Map.of("redis.uri", redis.uri(),
                "scamscan.gateway.drain-timeout", WINDOW.toSeconds() + "s",
                "scamscan.gateway.budget.cap", "5000",
                "scamscan.security.rate-limit.connects-per-window", "0");
        RedisClient redisClient = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = redisClient.connect();
             AppProcess draining = AppProcess.start("gateway", settings);
             AppProcess other = AppProcess.start("gateway", settings)) {
            ProgressSettings progress = new ProgressSettings(1000, Duration.ofHours(1));
            ProgressPublisher publisher = new ProgressPublisher(connection.async(), RedisNames.standalone(), progress,
                    ObjectMapper.getDefault());
            List<String> tasks = new ArrayList<>();
            Map<String, List<String>> published = new HashMap<>();
            for (int t = 0; t < TASKS; t++) {
                String taskId = TaskId.random();
                new TestTasks(connection.async(), RedisNames.standalone(), progress).create(taskId, Instant.now())
                        .toCompletableFuture().join();
                tasks.add(taskId);
                published.put(taskId, Collections.synchronizedList(new ArrayList<>()));
                published.get(taskId).add(publish(publisher, taskId, 1));
            }
            List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
            List<String> taskOf = new ArrayList<>();
            for (String taskId : tasks) {
                for (int c = 0; c < CLIENTS_PER_TASK; c++) {
                    connecting.add(TestClient.connectAsync(uri(draining, taskId, 0)));
                    taskOf.add(taskId);
                }
            }
            List<TestClient> clients = connecting.stream().map(CompletableFuture::join).toList();
            for (TestClient client : clients) {
                client.awaitFrames(2); // greeted and replayed: streaming
            }

            // the tasks keep publishing through the drain, a round every 100 ms (the agent's pace)
            java.util.concurrent.ScheduledExecutorService agent = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            java.util.concurrent.atomic.AtomicInteger percent = new java.util.concurrent.atomic.AtomicInteger(1);
            agent.scheduleAtFixedRate(() -> {
                int next = percent.incrementAndGet();
                if (next < 99) {
                    for (String taskId : tasks) {
                        published.get(taskId).add(publish(publisher, taskId, next));
                    }
                }
            }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);

            ProcessHandle process = ProcessHandle.of(draining.pid()).orElseThrow();
            long sigterm = System.nanoTime();
            assertTrue(process.destroy(), "SIGTERM could not be sent");
            await().atMost(Duration.ofSeconds(2)).until(() -> status(draining, "/health/readiness") == 503);
            assertEquals(200, status(draining, "/health/liveness"), "alive, only not ready");
            TestClient late = TestClient.connect(uri(draining, tasks.get(0), 0));
            assertEquals(1013, late.awaitClose(), "a new client while draining: " + late.frames());
            assertTrue(late.frames().get(0).contains("shutting down"), late.frames().toString());

            List<Long> closedAfterMillis = new ArrayList<>();
            for (TestClient client : clients) {
                assertEquals(1001, client.awaitClose(), "frames: " + client.frames());
                List<String> frames = client.frames();
                assertTrue(frames.get(frames.size() - 1).contains("\"error\":true"), "the error frame comes first: " + frames);
                closedAfterMillis.add((client.closedAtNanos() - sigterm) / 1_000_000);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());

            // spread over the window: not all at once, nothing long after it
            Collections.sort(closedAfterMillis);
            long first = closedAfterMillis.get(0);
            long last = closedAfterMillis.get(closedAfterMillis.size() - 1);
            assertTrue(last - first >= WINDOW.toMillis() * 6 / 10, "closes from " + first + " to " + last + " ms");
            assertTrue(last <= WINDOW.toMillis() + 3000, "the last close " + last + " ms after SIGTERM");
            int[] perTenth = new int[10];
            for (long at : closedAfterMillis) {
                perTenth[(int) Math.min(9, Math.max(0, (at - first) * 10 / Math.max(1, last - first)))]++;
            }
            for (int count : perTenth) {
                assertTrue(count <= clients.size() / 5, "no tenth of the window takes over a fifth of the closes: "
                        + java.util.Arrays.toString(perTenth));
            }

            // every client resumes on the other gateway with its last_seq
            List<TestClient> resumed = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                resumed.add(TestClient.connect(uri(other, taskOf.get(i), lastSeq(clients.get(i)))).awaitFrames(1));
            }
            agent.shutdown();
            assertTrue(agent.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
            for (String taskId : tasks) {
                published.get(taskId).add(publisher.publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete",
                        new com.scamscan.progress.Verdict(com.scamscan.progress.VerdictLabel.LIKELY_SAFE, 5, List.of(),
                                com.scamscan.progress.Entities.none()), Instant.now())).toCompletableFuture().join().json());
            }
            for (int i = 0; i < clients.size(); i++) {
                assertEquals(1000, resumed.get(i).awaitClose());
                List<String> seen = new ArrayList<>(clients.get(i).events());
                seen.addAll(resumed.get(i).events());
                assertEquals(published.get(taskOf.get(i)), seen, "client " + i + ": every event once, in order");
            }
        } finally {
            redisClient.shutdown();
        }
    }

    private URI uri(AppProcess gateway, String taskId, long lastSeq) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/agent-progress/" + taskId + "?token="
                + tokens.issue(taskId) + (lastSeq > 0 ? "&last_seq=" + lastSeq : ""));
    }

    private static String publish(ProgressPublisher publisher, String taskId, int percent) {
        return publisher.publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Checking", percent, Instant.now()))
                .toCompletableFuture().join().json();
    }

    private static long lastSeq(TestClient client) {
        List<String> events = client.events();
        if (events.isEmpty()) {
            return 0;
        }
        Matcher seq = SEQ.matcher(events.get(events.size() - 1));
        return seq.find() ? Long.parseLong(seq.group(1)) : 0;
    }

    private static int status(AppProcess app, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.http(path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
