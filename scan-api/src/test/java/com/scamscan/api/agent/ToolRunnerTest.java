package com.scamscan.api.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A tool that ignores its cancellation does not hold up the next one: the runner moves to a fresh thread. */
class ToolRunnerTest {

    @Test
    void aToolThatDoesNotStopWhenCancelledIsLeftBehindOnItsOwnThread() throws Exception {
        AtomicInteger exits = new AtomicInteger();
        AtomicBoolean release = new AtomicBoolean();
        AtomicReference<String> runawayThread = new AtomicReference<>();
        try (ToolRunner runner = new ToolRunner("test-tools", exits::incrementAndGet)) {
            assertThrows(TimeoutException.class, () -> runner.call(() -> {
                runawayThread.set(Thread.currentThread().getName());
                while (!release.get()) { // like native OCR: deaf to interrupts
                    Thread.onSpinWait();
                }
                return "late";
            }, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
            assertTrue(runner.busy(), "still running after its cancellation");

            String next = runner.call(() -> Thread.currentThread().getName(), System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            assertNotEquals(runawayThread.get(), next, "the next tool ran on a fresh thread");
            assertFalse(runner.busy());

            release.set(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> exits.get() == 1); // the old thread ended and was cleaned up
            assertEquals("again", runner.call(() -> "again", System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
        }
    }
}
