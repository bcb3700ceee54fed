package com.scamscan.bench;

import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import com.scamscan.redis.RedisConnections;
import com.scamscan.testing.redis.RedisClusterFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for the gateway: starts Redis (or uses {@code REDIS_URL}) and the packaged gateway jar as its own
 * process, opens real WebSocket connections (Netty's client), publishes through the shared publisher, and reports
 * what arrived. Independent of the gateway's code: it only speaks the protocol.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar stream  --tasks=1000 --clients=1  --rate=10 --seconds=10
 * java -jar benchmarks/target/benchmarks.jar stream  --tasks=50   --clients=10 --rate=10 --seconds=10
 * java -jar benchmarks/target/benchmarks.jar stream  --tasks=50   --clients=10 --rate=10 --seconds=10 --cluster=3
 * java -jar benchmarks/target/benchmarks.jar idle    --connections=10000 --heartbeat=5
 * java -jar benchmarks/target/benchmarks.jar connect --connections=5000 --concurrency=200
 * </pre>
 * Prints a table, then one JSON line with every figure.
 */
public final class LoadGenerator {

    private static final Pattern SENT_AT = Pattern.compile("t=(\\d+)");
    private static final StreamTokens TOKENS = new StreamTokens(
            new StreamTokenSettings(AppProcess.TOKEN_SECRET, "", Duration.ofHours(2)), Clock.systemUTC());
    private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=\\d+,usec_per_call=([0-9.]+)");
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)");

    private final Map<String, String> options;
    private final Map<String, Object> report = new LinkedHashMap<>();

    private LoadGenerator(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java -jar benchmarks.jar stream|idle|connect [--option=value ...] (see LoadGenerator's Javadoc)");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i].replaceFirst("^--", "");
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        LoadGenerator generator = new LoadGenerator(options);
        Map<String, Object> result = generator.run(args[0]);
        result.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-28s %s%n", k, v));
        System.out.println(json(result));
        System.exit(Boolean.TRUE.equals(result.get("ok")) ? 0 : 1);
    }

    /** Runs one scenario with these options and returns its figures. */
    public static Map<String, Object> run(String scenario, Map<String, String> options) throws Exception {
        return new LoadGenerator(new LinkedHashMap<>(options)).run(scenario);
    }

    private Map<String, Object> run(String scenario) throws Exception {
        report.put("scenario", scenario);
        report.put("options", options);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        int connections = scenario.equals("stream") ? integer("tasks", 100) * integer("clients", 1) : integer("connections", 1000);
        int clusterNodes = integer("cluster", 0);
        if (clusterNodes > 0) {
            if (!scenario.equals("stream")) {
                throw new IllegalArgumentException("--cluster runs the stream scenario only");
            }
            streamOnCluster(clusterNodes, connections);
            return report;
        }
        try (RedisFixture redis = redis();
             AppProcess gateway = gateway(Map.of("redis.uri", redis.uri()), connections)) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                Clients clients = new Clients(integer("client-threads", 1));
                switch (scenario) {
                    case "stream" -> stream(() -> RedisConnections.Connection.of(client.connect()), connection.async(), RedisNames.standalone(), () -> CpuMeter.redisSeconds(connection), gateway, clients);
                    case "idle" -> idle(connection, gateway, clients);
                    case "connect" -> connect(connection, gateway, clients);
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
                report.put("gateway_rss_mb", rssMb(gateway.pid()));
                report.put("gateway_redis_connections", connection.sync().clientList().lines()
                        .filter(l -> l.contains(" name=scamscan-gateway ")).count());
                clients.closeAll();
            } finally {
                client.shutdown();
            }
        }
        return report;
    }

    /** The stream scenario with Redis as a local cluster of N masters (sharded pub/sub), the gateway in cluster mode. */
    private void streamOnCluster(int masters, int connections) throws Exception {
        try (RedisClusterFixture cluster = RedisClusterFixture.start(masters);
             AppProcess gateway = gateway(Map.of("redis.uris", String.join(",", cluster.uris())), connections)) {
            report.put("redis_cluster_masters", masters);
            RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                Clients clients = new Clients(integer("client-threads", 1));
                DoubleSupplier redisCpu = () -> cluster.pids().stream().mapToDouble(CpuMeter::processSeconds).sum();
                stream(() -> RedisConnections.Connection.of(client.connect()), connection.async(), RedisNames.forCluster(), redisCpu, gateway, clients);
                report.put("gateway_rss_mb", rssMb(gateway.pid()));
                // what crossed the cluster bus: classic PUBLISH goes to every node, SPUBLISH only to the shard's replicas
                for (String counter : List.of("cluster_stats_messages_publish_sent", "cluster_stats_messages_publishshard_sent")) {
                    report.put("bus_" + counter.substring("cluster_stats_messages_".length()), connection.getPartitions().stream()
                            .mapToLong(node -> clusterInfo(connection.getConnection(node.getNodeId()).sync().clusterInfo(), counter))
                            .sum());
                }
                report.put("gateway_redis_connections", connection.getPartitions().stream()
                        .mapToLong(node -> connection.getConnection(node.getNodeId()).sync().clientList().lines()
                                .filter(l -> l.contains(" name=scamscan-gateway ")).count())
                        .sum());
                clients.closeAll();
            } finally {
                client.shutdown();
            }
        }
    }

    private static long clusterInfo(String info, String field) {
        return info.lines().filter(l -> l.startsWith(field + ":")).mapToLong(l -> Long.parseLong(l.substring(field.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    /** T tasks with C clients each; every task publishes R events/s for S seconds, then completes. */
    private void stream(Supplier<RedisConnections.Connection<String>> connect, RedisClusterAsyncCommands<String, String> redis,
                        RedisNames names, DoubleSupplier redisCpu, AppProcess gateway, Clients clients) throws Exception {
        int tasks = integer("tasks", 100);
        int perTask = integer("clients", 1);
        int rate = integer("rate", 10);
        int seconds = integer("seconds", 10);
        int warmup = integer("warmup", 15); // seconds: until the JIT has compiled the hot path of both JVMs
        List<String> taskIds = register(redis, names, tasks);
        List<URI> uris = new ArrayList<>();
        for (String taskId : taskIds) {
            for (int c = 0; c < perTask; c++) {
                uris.add(uri(gateway, taskId));
            }
        }
        clients.open(uris, integer("concurrency", 200), report);

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
        long tick = TimeUnit.MICROSECONDS.toNanos(integer("tick-us", 1000));
        long start = System.nanoTime();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        clients.recordLatencies(false); // the first seconds warm both JVMs up; their latencies are not reported
        CpuMeter cpu = null;
        long i = 0;
        while (i < total) {
            long due = Math.min(total, (System.nanoTime() - start) / interval + 1); // events due by now
            for (; i < due; i++) {
                if (i == warmupEvents) {
                    clients.recordLatencies(true);
                    cpu = new CpuMeter(gateway.pid(), redisCpu);
                }
                String taskId = taskIds.get((int) (i % tasks));
                pending.add(publisher.publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db",
                        "bench t=" + System.nanoTime(), 50, Instant.now())).toCompletableFuture());
            }
            publishing.stateful().flushCommands();
            if (pending.size() >= 10_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
            long next = Math.max(start + i * interval, System.nanoTime() + tick) - System.nanoTime();
            if (next > 0 && i < total) {
                LockSupport.parkNanos(next);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        publishing.stateful().setAutoFlushCommands(true);
        if (cpu != null) {
            cpu.report(report);
        }
        Verdict verdict = new Verdict(VerdictLabel.LIKELY_SAFE, 0, List.of("benchmark"), Entities.none());
        for (String taskId : taskIds) {
            publisher.publish(taskId, ProgressEvent.completed("reasoning", "done", verdict, Instant.now())).toCompletableFuture().join();
        }
        publishing.close();
        clients.awaitClosed(Duration.ofSeconds(60));
        long expected = total * perTask;
        report.put("events_published", total);
        report.put("warmup_events", warmupEvents);
        report.put("publish_rate_per_s", Math.round(total / publishSeconds));
        report.put("events_expected", expected);
        report.put("events_delivered", clients.delivered());
        clients.latencies(report);
        report.put("closes", clients.closes());
        report.put("ok", clients.delivered() == expected && clients.closes().getOrDefault(1000, 0L) == uris.size());
    }

    /** N connections that only get heartbeats: memory per connection, and whether heartbeats reach all. */
    private void idle(StatefulRedisConnection<String, String> redis, AppProcess gateway, Clients clients) throws Exception {
        int connections = integer("connections", 1000);
        int heartbeat = integer("heartbeat", 5);
        List<String> taskIds = register(redis.async(), RedisNames.standalone(), Math.max(1, connections / 10));
        double heapBefore = heapAfterGc(gateway);
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            uris.add(uri(gateway, taskIds.get(i % taskIds.size())));
        }
        clients.open(uris, integer("concurrency", 200), report);
        double heapAfter = heapAfterGc(gateway);
        clients.markHeartbeats();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(heartbeat + 1L); // one interval, and a second of slack
        while (clients.heartbeatReached() < connections && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        long reached = clients.heartbeatReached();
        report.put("connections_open", clients.open());
        report.put("heap_before_mb", round(heapBefore / 1e6));
        report.put("heap_after_mb", round(heapAfter / 1e6));
        report.put("heap_per_connection_kb", round((heapAfter - heapBefore) / connections / 1024));
        report.put("heartbeat_reached", reached);
        report.put("ok", clients.open() == connections && reached == connections);
    }

    /** N connections opened as fast as K at a time allow: the connect rate, budget check included. */
    private void connect(StatefulRedisConnection<String, String> redis, AppProcess gateway, Clients clients) throws Exception {
        int connections = integer("connections", 1000);
        List<String> taskIds = register(redis.async(), RedisNames.standalone(), Math.max(1, connections / 10));
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            uris.add(uri(gateway, taskIds.get(i % taskIds.size())));
        }
        // connect and drop rounds first (twice the count by default) so that both JVMs are compiled when the
        // measured round starts; a cold JVM connects at half the rate
        int warmup = integer("warmup-connections", connections * 2);
        for (int left = warmup; left > 0; left -= uris.size()) {
            Clients cold = new Clients(1);
            cold.open(uris.subList(0, Math.min(left, uris.size())), integer("concurrency", 200), new LinkedHashMap<>());
            cold.closeAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (budgetHeld(redis) > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        report.put("warmup_connections", warmup);
        redis.sync().configResetstat();
        long start = System.nanoTime();
        clients.open(uris, integer("concurrency", 200), report);
        double seconds = (System.nanoTime() - start) / 1e9;
        report.put("connect_rate_per_s", Math.round(connections / seconds));
        // the budget check is the gateway's only script on this path: Redis's own time per EVALSHA is its cost
        Matcher evalsha = EVALSHA.matcher(redis.sync().info("commandstats"));
        if (evalsha.find()) {
            report.put("budget_evalsha_calls", Long.parseLong(evalsha.group(1)));
            report.put("budget_evalsha_us_per_call", Double.parseDouble(evalsha.group(2)));
        }
        report.put("connections_open", clients.open());
        report.put("ok", clients.open() == connections && (long) report.getOrDefault("connect_errors", 0L) == 0L);
    }

    /** Connections the gateway fleet holds, as its budget in Redis counts them. */
    private static long budgetHeld(StatefulRedisConnection<String, String> redis) {
        return redis.sync().hvals(RedisNames.standalone().budgetCounts()).stream().mapToLong(Long::parseLong).sum();
    }

    private List<String> register(RedisClusterAsyncCommands<String, String> redis, RedisNames names, int count) {
        TestTasks registry = new TestTasks(redis, names, ProgressSettings.defaults());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = TaskId.random();
            registry.create(id, Instant.now()).toCompletableFuture().join();
            ids.add(id);
        }
        return ids;
    }

    private RedisFixture redis() {
        return RedisFixture.startNew();
    }

    private AppProcess gateway(Map<String, String> redis, int connections) {
        Path jar = Path.of(options.getOrDefault("gateway-jar", "gateway/target/gateway-0.1.0-SNAPSHOT.jar"));
        List<String> jvm = List.of(options.getOrDefault("gateway-jvm", "-Xmx1g -XX:+UseG1GC").split(" "));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.putAll(redis);
        properties.put("scamscan.gateway.budget.cap", Integer.toString(connections + 100));
        properties.put("scamscan.gateway.heartbeat-interval", integer("heartbeat", 15) + "s");
        report.put("gateway_jvm", jvm);
        return AppProcess.start("gateway", jar, jvm, properties);
    }

    private double heapAfterGc(AppProcess gateway) throws IOException, InterruptedException {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(gateway.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.http("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        Matcher m = HEAP.matcher(metrics);
        while (m.find()) {
            heap += Double.parseDouble(m.group(1));
        }
        return heap;
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The task's stream URL with a token, as scan-api would issue it (the gateway runs with the same test key). */
    private static URI uri(AppProcess gateway, String taskId) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/agent-progress/" + taskId + "?token=" + TOKENS.issue(taskId));
    }

    private int integer(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The report as one JSON object line. */
    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(json(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(out.length() > 1 ? "," : "").append(json(v)));
            return out.append(']').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static long sentAt(String frame) {
        Matcher m = SENT_AT.matcher(frame);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
