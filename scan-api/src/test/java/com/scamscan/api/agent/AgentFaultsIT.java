package com.scamscan.api.agent;

import com.scamscan.redis.task.TestTasks;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.scamscan.api.queue.AgentSettings;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressHistory;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The agent when things go wrong: a scan that runs out of time, Redis gone for a moment while publishing. */
class AgentFaultsIT {

    @Test
    void scanThatRunsPastTheTimeoutEndsFailedWithTheReason() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.createContext("/", exchange -> {
            try {
                release.await(); // a web search that never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hanging.start();
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", RedisFixture.shared().uri(),
                "scamscan.agent.task-timeout", "3s",
                "scamscan.agent.exa.enabled", "true",
                "scamscan.agent.exa.api-key", "k",
                "scamscan.agent.exa.base-url", "http://127.0.0.1:" + hanging.getAddress().getPort(),
                "scamscan.agent.exa.timeout", "5m"))) {
            String taskId = TaskId.random();
            context.getBean(ScanSubmissions.class).submit(taskId, new ScanInput(
                    Images.screenshot("png", "Visit paypa1.com"), ImageType.PNG, "", "US"), Instant.now()).toCompletableFuture().join();
            TaskRegistry registry = context.getBean(TaskRegistry.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.find(taskId).toCompletableFuture().join()
                    .orElseThrow().status().isFinished());
            List<String> history = context.getBean(ProgressHistory.class).after(taskId, 0).toCompletableFuture().join();
            ProgressEvent last = context.getBean(ObjectMapper.class).readValue(history.get(history.size() - 1), ProgressEvent.class);
            assertEquals(Step.FAILED, last.step());
            assertEquals("exa_search", last.tool());
            assertEquals("The analysis took longer than 3 s and was stopped", last.message());
            assertEquals(40, last.percent());
        } finally {
            release.countDown();
            hanging.stop(0);
        }
    }

    @Test
    void eventPublishedWhileRedisIsDownArrivesOnceItIsBack() {
        try (RedisFixture redis = RedisFixture.startNew();
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "micronaut.server.port", -1,
                     "redis.uri", redis.uri(),
                     "scamscan.agent.enabled", "false",
                     "redis.reconnect-delay-min", "50ms",
                     "redis.reconnect-delay-max", "200ms"))) {
            Assumptions.assumeTrue(redis.controllable(), "REDIS_URL servers cannot be stopped by tests");
            String taskId = TaskId.random();
            TestTasks.in(context).create(taskId, Instant.now()).toCompletableFuture().join();
            ReliablePublisher publisher = new ReliablePublisher(context.getBean(ProgressPublisher.class),
                    new AgentSettings(false, 1, Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(120), 2,
                            Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000, Duration.ofHours(24)));

            redis.stop();
            CompletableFuture<Long> published = CompletableFuture.supplyAsync(() -> {
                try {
                    return publisher.publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete!",
                            new Verdict(VerdictLabel.LIKELY_SAFE, 0, List.of("x"), Entities.none()), Instant.now()), "completed");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertFalse(published.isDone(), "nothing can be published while Redis is down");
            redis.start();
            assertEquals(1L, published.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
            assertEquals(1, context.getBean(ProgressHistory.class).after(taskId, 0).toCompletableFuture().join().size());
        }
    }
}
