package com.scamscan.api.agent;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The thread one worker's tools run on (one at a time, so each worker keeps its own OCR engine), replaced when a tool
 * does not stop: a tool past the task's deadline is cancelled (interrupted; Tesseract's cancel monitor sees it), but
 * native or CPU-bound work may run on regardless. The next call then finds its thread still busy and moves to a fresh
 * one, so the next scan is not queued behind the runaway; the old thread ends when its work does, and
 * {@code onThreadExit} then frees what it held (its OCR engine).
 */
public final class ToolRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);

    /** One thread and whether a tool is still running on it (cancelled or not). */
    private record Lane(ExecutorService executor, AtomicBoolean busy) {
    }

    private final String name;
    private final Runnable onThreadExit;
    private final AtomicInteger generation = new AtomicInteger();
    private Lane lane;

    public ToolRunner(String name, Runnable onThreadExit) {
        this.name = name;
        this.onThreadExit = onThreadExit;
        this.lane = newLane();
    }

    /**
     * Runs {@code work} on this runner's thread and waits for it until {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws TimeoutException the deadline passed; the work was cancelled (interrupted)
     * @throws InterruptedException the caller was interrupted; the work was cancelled too
     */
    public synchronized <T> T call(Callable<T> work, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (lane.busy().get()) {
            LOG.warn("{}: a tool cancelled at its deadline is still running; continuing on a fresh thread", name);
            lane.executor().shutdownNow();
            lane = newLane();
        }
        Lane current = lane;
        current.busy().set(true);
        Future<T> running;
        java.util.Map<String, String> mdc = MDC.getCopyOfContextMap(); // the caller's task id on the tool's lines
        try {
            running = current.executor().submit(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    return work.call();
                } finally {
                    MDC.clear();
                    current.busy().set(false);
                }
            });
        } catch (RuntimeException e) {
            current.busy().set(false);
            throw e;
        }
        try {
            return running.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            running.cancel(true);
            throw e;
        }
    }

    /** Whether the current thread is still running a tool (one that did not stop when cancelled). */
    public synchronized boolean busy() {
        return lane.busy().get();
    }

    private Lane newLane() {
        String threadName = name + "-" + generation.getAndIncrement();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    onThreadExit.run();
                }
            }, threadName);
            thread.setDaemon(true);
            return thread;
        });
        return new Lane(executor, new AtomicBoolean());
    }

    @Override
    public synchronized void close() {
        lane.executor().shutdownNow();
    }
}
