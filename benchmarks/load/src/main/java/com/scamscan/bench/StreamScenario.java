package com.scamscan.bench;

import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.ProgressSettings;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.serde.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The {@code stream} scenario: tasks with clients each, events published through the shared publisher at a steady
 * rate after a warm-up, every event's latency from publish to client, then every task completed and every client
 * closed with 1000.
 */
final class StreamScenario {

    private StreamScenario() {
    }

    /** T tasks with C clients each; every task publishes R events/s for S seconds, then completes. */
    static void run(BenchRun run, Supplier<RedisConnections.Connection<String>> connect, RedisClusterAsyncCommands<String, String> redis,
                    RedisNames names, DoubleSupplier redisCpu, List<Relay> relays, Clients clients) throws Exception {
        int tasks = run.integer("tasks", 100);
        int perTask = run.integer("clients", 1);
        int rate = run.integer("rate", 10);
        int seconds = run.integer("seconds", 10);
        int warmup = run.integer("warmup", 15); // seconds: until the JIT has compiled the hot path of both JVMs
        List<String> taskIds = Tasks.register(redis, names, tasks);
        List<URI> uris = new ArrayList<>();
        for (String taskId : taskIds) {
            for (int c = 0; c < perTask; c++) {
                uris.add(Tasks.uri(relays.get(uris.size() % relays.size()), taskId)); // several relays: clients in turn
            }
        }
        clients.open(uris, run.integer("concurrency", 200), run.report);

        // Publishing has its own connection whose commands are flushed once per tick: the events due in a tick
        // go to Redis in one write, as a fleet of agents would send them over many connections, and the
        // generator spends its CPU on the clients rather than on one syscall per event.
        RedisConnections.Connection<String> publishing = connect.get();
        publishing.stateful().setAutoFlushCommands(false);
        ProgressPublisher publisher = new ProgressPublisher(publishing.async(), names,
                new ProgressSettings(Math.max(1000, rate * seconds + 10), Duration.ofHours(1)), ObjectMapper.getDefault());
        long warmupEvents = (long) tasks * rate * warmup;
        long total = (long) tasks * rate * seconds + warmupEvents;
        long interval = TimeUnit.SECONDS.toNanos(1) / ((long) tasks * rate);
        long tick = TimeUnit.MICROSECONDS.toNanos(run.integer("tick-us", 1000));
        long start = System.nanoTime();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        clients.recordLatencies(false); // the first seconds warm both JVMs up; their latencies are not reported
        CpuMeter cpu = null;
        long deliveredBefore = 0;
        long publishedBefore = 0;
        long i = 0;
        while (i < total) {
            long due = Math.min(total, (System.nanoTime() - start) / interval + 1); // events due by now
            for (; i < due; i++) {
                if (i == warmupEvents) {
                    clients.recordLatencies(true);
                    cpu = new CpuMeter(relays, redisCpu);
                    deliveredBefore = clients.delivered();
                    publishedBefore = i;
                }
                String taskId = taskIds.get((int) (i % tasks));
                pending.add(publisher.publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db",
                        "bench t=" + System.nanoTime(), 50, Instant.now())).toCompletableFuture());
            }
            publishing.stateful().flushCommands();
            if (pending.size() >= 10_000) {
                awaitFlushing(pending, publishing);
                pending.clear();
            }
            long next = Math.max(start + i * interval, System.nanoTime() + tick) - System.nanoTime();
            if (next > 0 && i < total) {
                LockSupport.parkNanos(next);
            }
        }
        awaitFlushing(pending, publishing);
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        publishing.stateful().setAutoFlushCommands(true);
        if (cpu != null) {
            cpu.report(run.report);
            // the relay's CPU per event it delivered while measured: a relay that falls behind is not flattered
            long deliveredMeasured = clients.delivered() - deliveredBefore;
            run.report.put("events_delivered_measured", deliveredMeasured);
            if (deliveredMeasured > 0) {
                run.report.put("cpu_us_per_event", ReportFormat.round(cpu.relaySeconds() * 1e6 / deliveredMeasured));
            }
            // Redis's CPU per event published: the publish script and the delivery to the relay's subscriptions
            run.report.put("redis_cpu_us_per_publish", ReportFormat.round(cpu.redisSeconds() * 1e6 / Math.max(1, total - publishedBefore)));
        }
        Verdict verdict = new Verdict(VerdictLabel.LIKELY_SAFE, 0, List.of("benchmark"), Entities.none());
        for (String taskId : taskIds) {
            publisher.publish(taskId, ProgressEvent.completed("reasoning", "done", verdict, Instant.now())).toCompletableFuture().join();
        }
        publishing.close();
        clients.awaitClosed(Duration.ofSeconds(60));
        long expected = total * perTask;
        run.report.put("events_published", total);
        run.report.put("warmup_events", warmupEvents);
        run.report.put("publish_rate_per_s", Math.round(total / publishSeconds));
        run.report.put("events_expected", expected);
        run.report.put("events_delivered", clients.delivered());
        clients.latencies(run.report);
        run.report.put("closes", clients.closes());
        run.report.put("ok", clients.delivered() == expected && clients.closes().getOrDefault(1000, 0L) == uris.size());
    }

    /**
     * Waits for these publishes, flushing meanwhile: a script that Redis did not have cached is sent again whole
     * ({@code EVAL} after {@code NOSCRIPT}) from the reply's callback, and with auto-flush off it would wait in the
     * buffer for a flush that a plain join never makes.
     */
    private static void awaitFlushing(List<CompletableFuture<?>> pending, RedisConnections.Connection<String> publishing)
            throws InterruptedException, ExecutionException {
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        while (!all.isDone()) {
            publishing.stateful().flushCommands();
            try {
                all.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not all answered yet: flush again
            }
        }
        all.join();
    }
}
