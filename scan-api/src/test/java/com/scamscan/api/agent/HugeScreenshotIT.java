package com.scamscan.api.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.task.TaskId;
import com.scamscan.task.TaskRecord;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.task.TaskStatus;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One valid but huge screenshot (36 megapixels of dense text) must not stall its worker for the next scan: the huge
 * one ends {@code failed} at the task timeout, and the ordinary scan after it, on the same single worker, completes
 * within its own task timeout instead of waiting behind OCR that kept running (Tesseract's layout analysis of such a
 * page does not stop when cancelled). The bounds come from the configured task timeout, not from this machine's speed.
 */
class HugeScreenshotIT {

    /**
     * Long enough for the huge image to reach Tesseract (decoding and scaling 36 megapixels) and for an ordinary scan
     * on a loaded machine; shorter than what Tesseract's layout analysis of the dense page then takes.
     */
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(12);

    @Test
    void aScanAfterAHugeDenseScreenshotIsNotHeldUp() {
        byte[] huge = Images.encode(denseText(6000, 6000), "png");
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", RedisFixture.shared().uri(),
                "scamscan.api.enabled", "false",
                "scamscan.agent.workers", "1",
                "scamscan.agent.task-timeout", TASK_TIMEOUT.toSeconds() + "s",
                "scamscan.ocr.timeout", "2s"))) {
            TaskRegistry registry = context.getBean(TaskRegistry.class);
            ScanSubmissions submissions = context.getBean(ScanSubmissions.class);
            String hugeTask = submit(submissions, huge);
            await().atMost(TASK_TIMEOUT.multipliedBy(3)).until(() -> finished(registry, hugeTask));
            TaskRecord hugeDone = registry.find(hugeTask).toCompletableFuture().join().orElseThrow();
            assertEquals("The analysis took longer than " + TASK_TIMEOUT.toSeconds() + " s and was stopped", hugeDone.message());

            String ordinary = submit(submissions, Images.screenshot("png", "Your parcel is held.", "Pay at https://dhl-fees.top/pay"));
            // completed within its own task timeout (else it would have failed): not queued behind the runaway OCR
            await().atMost(TASK_TIMEOUT.plusSeconds(10)).until(() -> finished(registry, ordinary));
            TaskRecord done = registry.find(ordinary).toCompletableFuture().join().orElseThrow();
            assertEquals(TaskStatus.COMPLETED, done.status(), "the scan after the huge one: " + done
                    + " (the huge one: " + hugeDone.status() + " " + hugeDone.message() + ")");
            assertTrue(done.verdict().entities().urls().contains("https://dhl-fees.top/pay"), done.verdict().toString());
        }
    }

    private static String submit(ScanSubmissions submissions, byte[] png) {
        String taskId = TaskId.random();
        assertEquals(ScanSubmissions.Outcome.QUEUED, submissions.submit(taskId, new ScanInput(png, ImageType.PNG,
                "", "US"), Instant.now()).toCompletableFuture().join());
        return taskId;
    }

    private static boolean finished(TaskRegistry registry, String taskId) {
        return registry.find(taskId).toCompletableFuture().join().map(r -> r.status().isFinished()).orElse(false);
    }

    /** A page of small, dense text from edge to edge: a valid screenshot that is slow for any OCR. */
    static BufferedImage denseText(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        Random random = new Random(17);
        StringBuilder line = new StringBuilder();
        for (int y = 14; y < height; y += 16) {
            line.setLength(0);
            while (line.length() < width / 6) {
                line.append((char) ('a' + random.nextInt(26)));
                if (random.nextInt(6) == 0) {
                    line.append(' ');
                }
            }
            g.drawString(line.toString(), 2, y);
        }
        g.dispose();
        return image;
    }
}
