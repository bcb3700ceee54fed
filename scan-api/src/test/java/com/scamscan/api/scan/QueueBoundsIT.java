package com.scamscan.api.scan;

import static com.scamscan.api.scan.ScanApiIT.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.task.TaskRecord;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.task.TaskStatus;
import com.scamscan.testing.client.Multipart;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue and stored uploads are bounded: past {@code max-queued} scans on the stream an upload gets 503
 * {@code /problems/queue-full} with {@code Retry-After} and nothing is written; an upload lives {@code upload-ttl}
 * (not the progress TTL), and a scan whose upload expired before a worker took it ends {@code failed} saying so.
 * On a Redis of its own.
 */
class QueueBoundsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RedisFixture redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> inspect;

    @BeforeEach
    void start() {
        redis = RedisFixture.startNew();
        client = RedisClient.create(redis.uri());
        inspect = client.connect();
    }

    @AfterEach
    void stop() {
        inspect.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void aFullQueueRefusesUploadsWith503AndRetryAfterWritingNothing() throws Exception {
        try (ApplicationContext api = api(Map.of("scamscan.scan.max-queued", "2", "scamscan.scan.queue-full-retry-after", "7s"))) {
            URI base = base(api);
            assertEquals(202, upload(base).statusCode());
            assertEquals(202, upload(base).statusCode());
            Set<String> before = new TreeSet<>(inspect.sync().keys("*"));

            HttpResponse<String> refused = upload(base);
            assertProblem(refused, 503, "/problems/queue-full");
            assertEquals("7", refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(refused.body().contains("nothing was stored"), refused.body());
            assertEquals(before, new TreeSet<>(inspect.sync().keys("*")), "no task record, upload or queue entry");
            assertEquals(2L, inspect.sync().xlen("scan_stream"));

            // a worker finished one (its entry acknowledged and deleted): there is room again
            inspect.sync().xdel("scan_stream", inspect.sync().xrange("scan_stream", io.lettuce.core.Range.create("-", "+")).get(0).getId());
            assertEquals(202, upload(base).statusCode());
            assertEquals(2L, inspect.sync().xlen("scan_stream"));
        }
    }

    @Test
    void anUploadLivesUploadTtlAndAScanWhoseUploadExpiredEndsFailedSayingSo() throws Exception {
        String taskId;
        try (ApplicationContext api = api(Map.of("scamscan.scan.upload-ttl", "1500ms"))) {
            HttpResponse<String> accepted = upload(base(api));
            assertEquals(202, accepted.statusCode(), accepted.body());
            taskId = ScanApiIT.taskIdOf(accepted.body());
            long uploadTtl = inspect.sync().pttl("scan_input:" + taskId);
            assertTrue(uploadTtl > 0 && uploadTtl <= 1500, "the upload's TTL is upload-ttl: " + uploadTtl + " ms");
            assertTrue(inspect.sync().ttl("task:" + taskId) > Duration.ofHours(23).toSeconds(), "the record keeps the progress TTL");
            await().atMost(Duration.ofSeconds(10)).until(() -> inspect.sync().exists("scan_input:" + taskId) == 0);
        }
        // a worker comes along after the upload expired: the task ends failed with the reason, not silently queued
        Map<String, Object> worker = new HashMap<>(Map.of("micronaut.server.port", -1, "redis.uri", redis.uri(),
                "scamscan.api.enabled", "false"));
        try (ApplicationContext workers = ApplicationContext.run(worker)) {
            TaskRegistry registry = workers.getBean(TaskRegistry.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.find(taskId).toCompletableFuture().join()
                    .map(TaskRecord::status).orElseThrow() == TaskStatus.FAILED);
            TaskRecord failed = registry.find(taskId).toCompletableFuture().join().orElseThrow();
            assertEquals("The uploaded image expired before it could be analysed", failed.message());
            await().atMost(Duration.ofSeconds(10)).until(() -> inspect.sync().xlen("scan_stream") == 0); // acknowledged after the event
        }
    }

    private ApplicationContext api(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("micronaut.server.port", -1);
        all.put("redis.uri", redis.uri());
        all.put("scamscan.agent.enabled", "false");
        return ApplicationContext.run(all);
    }

    private static URI base(ApplicationContext context) {
        return URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
    }

    private static HttpResponse<String> upload(URI base) throws Exception {
        Multipart upload = new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "Pay at http://x.top"));
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image"))
                .header("Content-Type", upload.contentType()).POST(upload.publisher()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
