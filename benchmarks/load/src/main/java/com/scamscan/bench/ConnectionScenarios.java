package com.scamscan.bench;

import com.scamscan.redis.RedisNames;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scenarios without events: {@code idle} (heartbeats and memory per connection) and {@code connect} (connect rate). */
final class ConnectionScenarios {

    /** Every task's progress channel, as a PUBSUB CHANNELS pattern. */
    private static final String PROGRESS_CHANNELS = RedisNames.standalone().progressChannel("t").replaceFirst("t$", "*");
    private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=\\d+,usec_per_call=([0-9.]+)");

    private ConnectionScenarios() {
    }

    /**
     * N connections that only get heartbeats: memory per connection (the relay's resident memory with heartbeats
     * running; for the gateway also its heap after a GC), and whether heartbeats reach all.
     */
    static void idle(BenchRun run, StatefulRedisConnection<String, String> redis, Relay relay, Clients clients) throws Exception {
        int connections = run.integer("connections", 1000);
        int heartbeat = run.integer("heartbeat", 5);
        List<String> taskIds = Tasks.register(redis.async(), RedisNames.standalone(), Math.max(1, connections / 10));
        Optional<Double> heapBefore = heap(relay);
        long rssBefore = rssKb(relay.pid());
        List<URI> uris = Tasks.uris(relay, taskIds, connections);
        clients.open(uris, run.integer("concurrency", 200), run.report);
        Optional<Double> heapAfter = heap(relay);
        clients.markHeartbeats();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(heartbeat + 1L); // one interval, and a second of slack
        while (clients.heartbeatReached() < connections && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        long reached = clients.heartbeatReached();
        long rssAfter = rssKb(relay.pid());
        run.report.put("connections_open", clients.open());
        if (heapBefore.isPresent() && heapAfter.isPresent()) {
            run.report.put("heap_before_mb", ReportFormat.round(heapBefore.get() / 1e6));
            run.report.put("heap_after_mb", ReportFormat.round(heapAfter.get() / 1e6));
            run.report.put("heap_per_connection_kb", ReportFormat.round((heapAfter.get() - heapBefore.get()) / connections / 1024));
        }
        run.report.put("rss_before_mb", ReportFormat.round(rssBefore / 1024.0));
        run.report.put("rss_after_mb", ReportFormat.round(rssAfter / 1024.0));
        run.report.put("rss_per_connection_kb", ReportFormat.round((double) (rssAfter - rssBefore) / connections));
        run.report.put("heartbeat_reached", reached);
        run.report.put("ok", clients.open() == connections && reached == connections);
    }

    /**
     * N connections opened as fast as K at a time allow: the connect rate, budget check included; then all closed
     * by the clients, and the relay's CPU from the first handshake until it has let go of every subscription (and,
     * the gateway, of every budget slot) per connection: the cost of a connection's life.
     */
    static void connect(BenchRun run, StatefulRedisConnection<String, String> redis, Relay relay, Clients clients) throws Exception {
        int connections = run.integer("connections", 1000);
        List<String> taskIds = Tasks.register(redis.async(), RedisNames.standalone(), Math.max(1, connections / 10));
        List<URI> uris = Tasks.uris(relay, taskIds, connections);
        // connect and drop rounds first (twice the count by default) so that both JVMs are compiled when the
        // measured round starts; a cold JVM connects at half the rate
        int warmup = run.integer("warmup-connections", connections * 2);
        for (int left = warmup; left > 0; left -= uris.size()) {
            Clients cold = new Clients(1);
            cold.open(uris.subList(0, Math.min(left, uris.size())), run.integer("concurrency", 200), new LinkedHashMap<>());
            cold.closeAll();
            awaitReleased(redis);
        }
        run.report.put("warmup_connections", warmup);
        redis.sync().configResetstat();
        double cpuBefore = CpuMeter.processSeconds(relay.pid());
        double redisBefore = CpuMeter.redisSeconds(redis);
        long start = System.nanoTime();
        clients.open(uris, run.integer("concurrency", 200), run.report);
        double seconds = (System.nanoTime() - start) / 1e9;
        run.report.put("connect_rate_per_s", Math.round(connections / seconds));
        // the budget check is the gateway's only script on this path: Redis's own time per EVALSHA is its cost
        Matcher evalsha = EVALSHA.matcher(redis.sync().info("commandstats"));
        if (evalsha.find()) {
            run.report.put("budget_evalsha_calls", Long.parseLong(evalsha.group(1)));
            run.report.put("budget_evalsha_us_per_call", Double.parseDouble(evalsha.group(2)));
        }
        long open = clients.open();
        run.report.put("connections_open", open);
        run.report.put("ok", open == connections && (long) run.report.getOrDefault("connect_errors", 0L) == 0L);
        clients.closeAll();
        long leftSubscribed = awaitReleased(redis);
        run.report.put("cpu_us_per_connection_life", ReportFormat.round((CpuMeter.processSeconds(relay.pid()) - cpuBefore) * 1e6 / connections));
        run.report.put("redis_cpu_us_per_connection_life", ReportFormat.round((CpuMeter.redisSeconds(redis) - redisBefore) * 1e6 / connections));
        run.report.put("channels_left_subscribed", leftSubscribed);
    }

    /**
     * Waits until the relay has let go of what the closed clients held: no task channel subscribed, no budget slot
     * taken; or until that has stopped changing for two seconds (a relay that does not notice a client leaving, like
     * the story's, keeps its subscriptions until the task's next event). Returns the channels still subscribed.
     */
    private static long awaitReleased(StatefulRedisConnection<String, String> redis) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long held = -1;
        long changedAt = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = heldByRelay(redis);
            if (now == 0) {
                return 0;
            }
            if (now != held) {
                held = now;
                changedAt = System.nanoTime();
            } else if (System.nanoTime() - changedAt > TimeUnit.SECONDS.toNanos(2)) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return redis.sync().pubsubChannels(PROGRESS_CHANNELS).size();
    }

    private static long heldByRelay(StatefulRedisConnection<String, String> redis) {
        return redis.sync().pubsubChannels(PROGRESS_CHANNELS).size() + budgetHeld(redis);
    }

    private static Optional<Double> heap(Relay relay) throws Exception {
        return relay.gatewayProcess().isPresent() ? Optional.of(GatewayUnderTest.heapAfterGc(relay.gatewayProcess().get())) : Optional.empty();
    }

    /** A process's resident memory in KB, or -1. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Connections the gateway fleet holds, as its budget in Redis counts them. */
    private static long budgetHeld(StatefulRedisConnection<String, String> redis) {
        return redis.sync().hvals(RedisNames.standalone().budgetCounts()).stream().mapToLong(Long::parseLong).sum();
    }
}
