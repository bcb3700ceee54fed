package com.scamscan.bench;

import com.scamscan.redis.RedisNames;
import com.scamscan.testing.process.AppProcess;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scenarios without events: {@code idle} (heartbeats and memory per connection) and {@code connect} (connect rate). */
final class ConnectionScenarios {

    private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=\\d+,usec_per_call=([0-9.]+)");

    private ConnectionScenarios() {
    }

    /** N connections that only get heartbeats: memory per connection, and whether heartbeats reach all. */
    static void idle(BenchRun run, StatefulRedisConnection<String, String> redis, AppProcess gateway, Clients clients) throws Exception {
        int connections = run.integer("connections", 1000);
        int heartbeat = run.integer("heartbeat", 5);
        List<String> taskIds = Tasks.register(redis.async(), RedisNames.standalone(), Math.max(1, connections / 10));
        double heapBefore = GatewayUnderTest.heapAfterGc(gateway);
        List<URI> uris = Tasks.uris(gateway, taskIds, connections);
        clients.open(uris, run.integer("concurrency", 200), run.report);
        double heapAfter = GatewayUnderTest.heapAfterGc(gateway);
        clients.markHeartbeats();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(heartbeat + 1L); // one interval, and a second of slack
        while (clients.heartbeatReached() < connections && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        long reached = clients.heartbeatReached();
        run.report.put("connections_open", clients.open());
        run.report.put("heap_before_mb", ReportFormat.round(heapBefore / 1e6));
        run.report.put("heap_after_mb", ReportFormat.round(heapAfter / 1e6));
        run.report.put("heap_per_connection_kb", ReportFormat.round((heapAfter - heapBefore) / connections / 1024));
        run.report.put("heartbeat_reached", reached);
        run.report.put("ok", clients.open() == connections && reached == connections);
    }

    /** N connections opened as fast as K at a time allow: the connect rate, budget check included. */
    static void connect(BenchRun run, StatefulRedisConnection<String, String> redis, AppProcess gateway, Clients clients) throws Exception {
        int connections = run.integer("connections", 1000);
        List<String> taskIds = Tasks.register(redis.async(), RedisNames.standalone(), Math.max(1, connections / 10));
        List<URI> uris = Tasks.uris(gateway, taskIds, connections);
        // connect and drop rounds first (twice the count by default) so that both JVMs are compiled when the
        // measured round starts; a cold JVM connects at half the rate
        int warmup = run.integer("warmup-connections", connections * 2);
        for (int left = warmup; left > 0; left -= uris.size()) {
            Clients cold = new Clients(1);
            cold.open(uris.subList(0, Math.min(left, uris.size())), run.integer("concurrency", 200), new LinkedHashMap<>());
            cold.closeAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (budgetHeld(redis) > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        run.report.put("warmup_connections", warmup);
        redis.sync().configResetstat();
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
        run.report.put("connections_open", clients.open());
        run.report.put("ok", clients.open() == connections && (long) run.report.getOrDefault("connect_errors", 0L) == 0L);
    }

    /** Connections the gateway fleet holds, as its budget in Redis counts them. */
    private static long budgetHeld(StatefulRedisConnection<String, String> redis) {
        return redis.sync().hvals(RedisNames.standalone().budgetCounts()).stream().mapToLong(Long::parseLong).sum();
    }
}
