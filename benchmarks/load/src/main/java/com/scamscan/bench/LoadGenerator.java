package com.scamscan.bench;

import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisClusterFixture;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Load generator for the gateway: starts Redis (or uses {@code REDIS_URL}) and the packaged gateway jar as its own
 * process, opens real WebSocket connections (Netty's client), publishes through the shared publisher, and reports
 * what arrived. Independent of the gateway's code: it only speaks the protocol.
 *
 * <pre>
 * java -jar benchmarks/load/target/benchmarks.jar stream  --tasks=1000 --clients=1  --rate=10 --seconds=10
 * java -jar benchmarks/load/target/benchmarks.jar stream  --tasks=50   --clients=10 --rate=10 --seconds=10
 * java -jar benchmarks/load/target/benchmarks.jar stream  --tasks=50   --clients=10 --rate=10 --seconds=10 --cluster=3
 * java -jar benchmarks/load/target/benchmarks.jar idle    --connections=10000 --heartbeat=5
 * java -jar benchmarks/load/target/benchmarks.jar connect --connections=5000 --concurrency=200
 * java -jar benchmarks/load/target/benchmarks.jar coldstart --tasks=1000 --clients=1 --rate=10 --seconds=10 --peers=node
 * </pre>
 * With {@code --peers=node,python --repeats=2} a scenario runs against the gateway and the reference peers in turn
 * (gateway, node, python, gateway, ...) on one Redis, and the figures are compared with the Node relay's: see
 * {@link Comparison}. The {@link ColdStart} scenario measures a freshly started relay's first run against its warm
 * one. Prints a table, then one JSON line with every figure. The parts: the {@link StreamScenario} and the
 * {@link ConnectionScenarios}, the {@link GatewayUnderTest}, the {@link Tasks} it streams, the {@link Clients} and
 * the {@link CpuMeter}, and the {@link ReportFormat}.
 */
public final class LoadGenerator {

    private final BenchRun run;

    private LoadGenerator(Map<String, String> options) {
        this.run = new BenchRun(options);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java -jar benchmarks.jar stream|idle|connect|coldstart [--option=value ...] (see LoadGenerator's Javadoc)");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i].replaceFirst("^--", "");
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        // Redis, the gateways and the peers are child processes: none outlives the generator, even when it is stopped
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        LoadGenerator generator = new LoadGenerator(options);
        Map<String, Object> result;
        try {
            result = generator.run(args[0]);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the clients' and Redis clients' threads would keep the JVM up
            return;
        }
        ReportFormat.print(result);
        System.exit(Boolean.TRUE.equals(result.get("ok")) ? 0 : 1);
    }

    /** Runs one scenario with these options and returns its figures. */
    public static Map<String, Object> run(String scenario, Map<String, String> options) throws Exception {
        return new LoadGenerator(new LinkedHashMap<>(options)).run(scenario);
    }

    private Map<String, Object> run(String scenario) throws Exception {
        Map<String, Object> report = run.report;
        report.put("scenario", scenario);
        report.put("options", run.options);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        int clusterNodes = run.integer("cluster", 0);
        if (clusterNodes > 0) {
            if (!scenario.equals("stream") || run.options.containsKey("peers")) {
                throw new IllegalArgumentException("--cluster runs the stream scenario against the gateway only");
            }
            streamOnCluster(clusterNodes, connections(scenario, run));
            return report;
        }
        if (scenario.equals("coldstart")) {
            ColdStart.run(run);
            return report;
        }
        if (run.options.containsKey("peers")) {
            Comparison.run(scenario, run);
            return report;
        }
        run.options.putAll(GatewayUnderTest.idleWithoutWarmUp(scenario, run.options));
        try (RedisFixture redis = RedisFixture.startNew();
             Relay gateway = Relay.gateway(run, Map.of("redis.uri", redis.uri()), connections(scenario, run))) {
            measure(scenario, run, redis, gateway);
        }
        return report;
    }

    /** The connections a scenario opens with these options. */
    static int connections(String scenario, BenchRun run) {
        return scenario.equals("stream") ? run.integer("tasks", 100) * run.integer("clients", 1) : run.integer("connections", 1000);
    }

    /** Runs one scenario against a relay that is up on this (standalone) Redis; its figures go to {@code run.report}. */
    static void measure(String scenario, BenchRun run, RedisFixture redis, Relay relay) throws Exception {
        Map<String, Object> report = run.report;
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Clients clients = new Clients(run.integer("client-threads", 1));
            switch (scenario) {
                case "stream" -> StreamScenario.run(run, () -> RedisConnections.Connection.of(client.connect()), connection.async(),
                        RedisNames.standalone(), () -> CpuMeter.redisSeconds(connection), List.of(relay), clients);
                case "idle" -> ConnectionScenarios.idle(run, connection, relay, clients);
                case "connect" -> ConnectionScenarios.connect(run, connection, relay, clients);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            report.put(relay.name() + "_rss_mb", GatewayUnderTest.rssMb(relay.pid()));
            if (relay.gatewayProcess().isPresent()) {
                report.put("gateway_redis_connections", connection.sync().clientList().lines()
                        .filter(l -> l.contains(" name=scamscan-gateway ")).count());
            }
            clients.closeAll();
        } finally {
            client.shutdown();
        }
    }

    /**
     * The stream scenario with Redis as a local cluster of N masters (sharded pub/sub), the gateway in cluster mode;
     * {@code --gateways=G} runs G gateways (clients in turn) and sums their CPU and memory.
     */
    private void streamOnCluster(int masters, int connections) throws Exception {
        List<Relay> gateways = new ArrayList<>();
        try (RedisClusterFixture cluster = RedisClusterFixture.start(masters)) {
            try {
                for (int g = run.integer("gateways", 1); g > 0; g--) {
                    gateways.add(Relay.gateway(run, Map.of("redis.uris", String.join(",", cluster.uris())), connections));
                }
                streamOnCluster(masters, cluster, gateways);
            } finally {
                gateways.forEach(Relay::close); // before the cluster, as a fleet would stop
            }
        }
    }

    private void streamOnCluster(int masters, RedisClusterFixture cluster, List<Relay> gateways) throws Exception {
        Map<String, Object> report = run.report;
        report.put("redis_cluster_masters", masters);
        report.put("gateways", gateways.size());
        RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            Clients clients = new Clients(run.integer("client-threads", 1));
            DoubleSupplier redisCpu = () -> cluster.pids().stream().mapToDouble(CpuMeter::processSeconds).sum();
            StreamScenario.run(run, () -> RedisConnections.Connection.of(client.connect()), connection.async(), RedisNames.forCluster(),
                    redisCpu, gateways, clients);
            report.put("gateway_rss_mb", gateways.stream().mapToLong(g -> GatewayUnderTest.rssMb(g.pid())).sum());
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

    private static long clusterInfo(String info, String field) {
        return info.lines().filter(l -> l.startsWith(field + ":")).mapToLong(l -> Long.parseLong(l.substring(field.length() + 1).trim()))
                .findFirst().orElse(0);
    }
}
