package com.scamscan.api.agent;

import com.scamscan.redis.task.TestTasks;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.queue.DeadWorker;
import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.testing.images.Images;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressHistory;
import com.scamscan.progress.Step;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.task.TaskStatus;
import com.scamscan.testing.events.AnalysisRun;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent end to end inside one scan-api instance: queue, worker, tools, published events, verdict. */
class AgentIT {

    private static ApplicationContext context;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", RedisFixture.shared().uri(),
                "scamscan.agent.claim-timeout", "300ms",
                "scamscan.agent.poll-timeout", "100ms",
                "scamscan.agent.max-attempts", "2"));
        client = RedisClient.create(RedisFixture.shared().uri());
        redis = client.connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
        client.shutdown();
        context.close();
    }

    @Test
    void phishingSmsScreenshotIsJudgedAScam() throws IOException {
        byte[] png = Images.screenshot("png",
                "USPS: Your package is on hold due to",
                "an unpaid fee. Pay now at",
                "https://usps-redelivery.top/pay",
                "or call +1 900 555 0199");
        List<ProgressEvent> events = analyse(png, ImageType.PNG, "");
        ProgressEvent done = events.get(events.size() - 1);
        assertEquals(Step.COMPLETED, done.step());
        assertEquals(VerdictLabel.SCAM, done.verdict().label());
        assertTrue(done.verdict().score() >= 60);
        assertEquals(List.of("https://usps-redelivery.top/pay"), done.verdict().entities().urls());
        assertEquals(List.of("+19005550199"), done.verdict().entities().phones());
        assertTrue(done.verdict().reasons().contains("The link https://usps-redelivery.top/pay is on a phishing or malware feed"),
                done.verdict().reasons().toString());
        assertTrue(done.verdict().reasons().contains("+19005550199 is a premium-rate number: calling it costs money"));
        assertEquals("skipped: not configured", events.stream().filter(e -> e.step() == Step.EXA_SEARCH)
                .reduce((a, b) -> b).orElseThrow().message());
    }

    @Test
    void parcelFeeTextIsAScamWithAdviceAndTheReadTextInTheVerdict() throws IOException {
        byte[] png = Images.screenshot("png",
                "Evri: We could not deliver your parcel",
                "today. A re-delivery fee of GBP 1.45 is",
                "due. Pay within 12 hours at",
                "evri-parcel-redelivery.info or your",
                "parcel will be returned to sender.");
        ProgressEvent done = last(analyse(png, ImageType.PNG, ""));
        assertEquals(VerdictLabel.SCAM, done.verdict().label(), done.verdict().toString());
        assertTrue(done.verdict().reasons().stream().anyMatch(r -> r.contains("parcel-delivery")), done.verdict().reasons().toString());
        assertTrue(done.verdict().reasons().stream().anyMatch(r -> r.contains("within 12 hours")), done.verdict().reasons().toString());
        assertTrue(done.verdict().advice().stream().anyMatch(a -> a.startsWith("Do not tap the link")), done.verdict().advice().toString());
        assertTrue(done.verdict().text().contains("evri-parcel-redelivery.info"), done.verdict().text());
        assertEquals("en", done.verdict().language());
        assertEquals(List.of("evri-parcel-redelivery.info"), done.verdict().entities().domains());
    }

    @Test
    void qrCodeLinkIsFoundAndJudged() throws IOException {
        byte[] png = Images.encode(Images.withQrCode("Scan to pay your parking fine", "https://paypa1.com/parking"), "png");
        ProgressEvent done = last(analyse(png, ImageType.PNG, ""));
        assertEquals(List.of("https://paypa1.com/parking"), done.verdict().entities().urls());
        assertTrue(done.verdict().reasons().contains("paypa1.com imitates PayPal's website (paypal.com) by swapping in look-alike letters"), done.verdict().reasons().toString());
        assertTrue(done.verdict().label() != VerdictLabel.LIKELY_SAFE);
    }

    @Test
    void benignScreenshotIsLikelySafe() throws IOException {
        byte[] png = Images.screenshot("png", "Hi Sam! Dinner at ours on Friday?", "Bring the kids. See you at 7.");
        ProgressEvent done = last(analyse(png, ImageType.PNG, ""));
        assertEquals(Step.COMPLETED, done.step());
        assertEquals(VerdictLabel.LIKELY_SAFE, done.verdict().label());
        assertEquals(0, done.verdict().score());
    }

    @Test
    void imageThatCannotBeDecodedEndsTheTaskFailed() throws IOException {
        byte[] png = Images.screenshot("png", "x");
        byte[] corrupt = java.util.Arrays.copyOf(png, 60); // a valid header, then nothing
        List<ProgressEvent> events = analyse(corrupt, ImageType.PNG, "");
        ProgressEvent failed = last(events);
        assertEquals(Step.FAILED, failed.step());
        assertEquals("entity_extraction", failed.tool());
        assertTrue(failed.message().startsWith("entity_extraction failed: "), failed.message());
        assertEquals(Boolean.TRUE, failed.error());
        assertEquals(10, failed.percent());
    }

    @Test
    void taskOfADeadWorkerIsFinishedByAnother() {
        RedisNames names = context.getBean(RedisNames.class);
        String taskId = TaskId.random();
        String entry = leftByADeadWorker(taskId, Images.screenshot("png", "Call +1 900 555 0199 now"), 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> finished(taskId));
        assertEquals(TaskStatus.COMPLETED, status(taskId));
        AnalysisRun.assertCompleteAfterRetries(historyJson(taskId), 1);
        ProgressEvent retrying = history(taskId).get(0);
        assertEquals(Step.RETRYING, retrying.step(), "the person hears first that another worker took over");
        assertEquals(AnalysisAgent.RETRYING_MESSAGE, retrying.message());
        assertEquals(0L, redis.sync().exists(names.scanInput(taskId)));
        assertTrue(redis.sync().xrange(names.scanStream(), io.lettuce.core.Range.create(entry, entry)).isEmpty(),
                "acknowledged and deleted");
    }

    @Test
    void taskInterruptedMoreThanAllowedEndsFailed() {
        RedisNames names = context.getBean(RedisNames.class);
        String taskId = TaskId.random();
        leftByADeadWorker(taskId, Images.screenshot("png", "hello"), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> finished(taskId));
        assertEquals(TaskStatus.FAILED, status(taskId));
        ProgressEvent failed = last(history(taskId));
        assertEquals("The analysis was interrupted 2 times; please try again", failed.message());
        assertTrue(redis.sync().pttl(names.scanInput(taskId)) > 0, "its upload is kept, with a TTL, for an operator's replay");
    }

    /**
     * What a worker killed mid-analysis leaves behind, written directly: the task registered, its upload stored, its
     * entry delivered {@code deliveries} times, the last time to a consumer that never touches it again
     * ({@link DeadWorker}). No live worker can read it first: it only takes it over after the claim timeout.
     *
     * @return the entry id
     */
    private static String leftByADeadWorker(String taskId, byte[] image, int deliveries) {
        RedisNames names = context.getBean(RedisNames.class);
        TestTasks.in(context).create(taskId, Instant.now()).toCompletableFuture().join();
        context.getBean(BinaryRedis.class).async().hset(names.scanInput(taskId), Map.of(
                "image", image, "image_type", bytes("PNG"), "text", bytes(""), "region", bytes("US"))).toCompletableFuture().join();
        return DeadWorker.leave(redis.sync(), names, taskId, deliveries);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<ProgressEvent> analyse(byte[] image, ImageType type, String text) {
        String taskId = TaskId.random();
        submit(taskId, image, type, text);
        await().atMost(Duration.ofSeconds(60)).until(() -> finished(taskId));
        if (status(taskId) == TaskStatus.COMPLETED) {
            AnalysisRun.assertComplete(historyJson(taskId));
        }
        return history(taskId);
    }

    private static void submit(String taskId, byte[] image, ImageType type, String text) {
        assertEquals(ScanSubmissions.Outcome.QUEUED, context.getBean(ScanSubmissions.class).submit(taskId, new ScanInput(image,
                type, text, "US"), Instant.now()).toCompletableFuture().join());
    }

    private static boolean finished(String taskId) {
        return status(taskId).isFinished();
    }

    private static TaskStatus status(String taskId) {
        return context.getBean(TaskRegistry.class).find(taskId).toCompletableFuture().join().orElseThrow().status();
    }

    private static List<String> historyJson(String taskId) {
        return context.getBean(ProgressHistory.class).after(taskId, 0).toCompletableFuture().join();
    }

    private static List<ProgressEvent> history(String taskId) {
        ObjectMapper json = context.getBean(ObjectMapper.class);
        List<ProgressEvent> events = new ArrayList<>();
        for (String text : historyJson(taskId)) {
            try {
                events.add(json.readValue(text, ProgressEvent.class));
            } catch (IOException e) {
                throw new AssertionError(text, e);
            }
        }
        return events;
    }

    private static ProgressEvent last(List<ProgressEvent> events) {
        return events.get(events.size() - 1);
    }
}
