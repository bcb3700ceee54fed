package com.scamscan.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.progress.Step;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisNames;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An agent written in Python, publishing through {@code clients/python}, gets the same guarantees as the Java
 * agent: a client that joins the gateway halfway through gets every event once, in order, and the final close.
 */
class PythonAgentIT {

    @Test
    void aLateJoinerOfAPythonAgentsTaskGetsEveryEventOnceInOrder() throws Exception {
        String redisUri = RedisFixture.shared().uri();
        String taskId = TaskId.random();
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> redis = client.connect();
             AppProcess gateway = AppProcess.start("gateway", Map.of("redis.uri", redisUri))) {
            // what scan-api does when it accepts a scan: the task record, and a stream token for it
            new TestTasks(redis.async(), RedisNames.standalone(), ProgressSettings.defaults())
                    .create(taskId, Instant.now()).toCompletableFuture().join();
            String token = new StreamTokens(new StreamTokenSettings(AppProcess.TOKEN_SECRET, "", Duration.ofHours(2)),
                    Clock.systemUTC()).issue(taskId);

            Path python = Path.of(System.getProperty("scamscan.root"), "clients", "python");
            Process agent = new ProcessBuilder("/usr/bin/python3", "examples/demo_agent.py", "--redis", redisUri,
                    "--task", taskId, "--pause-after", "3").directory(python.toFile()).redirectErrorStream(true).start();
            List<String> printed = new ArrayList<>();
            CompletableFuture.runAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        synchronized (printed) {
                            printed.add(line);
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> { synchronized (printed) { return printed.contains("PAUSED"); } });

            TestClient late = TestClient.connect(URI.create("ws://localhost:" + gateway.port() + "/ws/agent-progress/"
                    + taskId + "?token=" + token));
            await().atMost(Duration.ofSeconds(10)).until(() -> late.events().size() == 3); // the replay
            try (Writer go = new OutputStreamWriter(agent.getOutputStream(), StandardCharsets.UTF_8)) {
                go.write("go\n");
            }
            assertEquals(1000, late.awaitClose(), String.join("\n", printed));
            assertEquals(0, agent.waitFor(), String.join("\n", printed));

            List<ProgressEvent> events = Stack.parse(late.events()); // Python's JSON read by the Java contract
            assertEquals(7, events.size(), late.events().toString());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1L, events.get(i).seq(), "every seq once, in order");
            }
            assertEquals(List.of(Step.ENTITY_EXTRACTION, Step.SCAM_DB, Step.EXA_SEARCH, Step.DOMAIN_REPUTATION,
                    Step.PHONE_VALIDATOR, Step.REASONING, Step.COMPLETED), events.stream().map(ProgressEvent::step).toList());
            assertEquals(VerdictLabel.SCAM, events.get(6).verdict().label());
            assertTrue(printed.stream().anyMatch(line -> line.equals("PUBLISHED 7 completed")), printed.toString());
        } finally {
            client.shutdown();
        }
    }
}
