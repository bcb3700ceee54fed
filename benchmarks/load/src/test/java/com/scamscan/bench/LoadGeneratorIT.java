package com.scamscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A smoke run of every benchmark scenario at a small size: the harness works and the gateway keeps its promises. */
class LoadGeneratorIT {

    private static final String JAR = System.getProperty("scamscan.gateway.jar");

    @Test
    void streamDeliversEveryEventOnTwoRedisConnections() throws Exception {
        Map<String, Object> result = LoadGenerator.run("stream", Map.of("gateway-jar", JAR, "tasks", "20", "clients", "2",
                "rate", "5", "seconds", "2", "warmup", "1", "gateway-jvm", "-Xmx256m"));
        assertEquals(Boolean.TRUE, result.get("ok"), result.toString());
        assertEquals(600L, result.get("events_delivered"));
        assertTrue((Long) result.get("gateway_redis_connections") <= 3, result.toString());
        assertTrue(result.containsKey("latency_ms_p99"));
    }

    @Test
    void streamOnAClusterDeliversEveryEventWithoutBroadcastingIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(com.scamscan.testing.redis.RedisClusterFixture.redis7().isPresent(),
                com.scamscan.testing.redis.RedisClusterFixture.NO_REDIS_7);
        // two gateways, each task's two clients on both: every event reaches both through their own subscriptions
        Map<String, Object> result = LoadGenerator.run("stream", Map.of("gateway-jar", JAR, "tasks", "20", "clients", "2",
                "rate", "5", "seconds", "2", "warmup", "1", "gateway-jvm", "-Xmx256m", "cluster", "3", "gateways", "2"));
        assertEquals(Boolean.TRUE, result.get("ok"), result.toString());
        assertEquals(2, result.get("gateways"));
        assertEquals(600L, result.get("events_delivered"));
        assertEquals(0L, result.get("bus_publish_sent"), "sharded: no event went over the cluster bus to other masters");
    }

    @Test
    @SuppressWarnings("unchecked")
    void coldStartMeasuresEachFreshGatewayFirstThenWarm() throws Exception {
        // two variants side by side: each a fresh gateway with its own JVM options, measured twice in one process
        Map<String, Object> result = LoadGenerator.run("coldstart", Map.ofEntries(Map.entry("gateway-jar", JAR),
                Map.entry("tasks", "20"), Map.entry("clients", "1"), Map.entry("rate", "5"), Map.entry("seconds", "2"),
                Map.entry("warmup", "1"), Map.entry("repeats", "1"), Map.entry("generator-warmup", "0"), Map.entry("variants", "a,b"),
                Map.entry("jvm-a", "-Xmx256m"), Map.entry("jvm-b", "-Xmx256m -XX:TieredStopAtLevel=1")));
        assertEquals(Boolean.TRUE, result.get("ok"), result.toString());
        List<Map<String, Object>> runs = (List<Map<String, Object>>) result.get("runs");
        assertEquals(List.of("gateway-a", "gateway-b"), runs.stream().map(r -> r.get("relay")).toList(), result.toString());
        assertEquals(List.of("-Xmx256m", "-Xmx256m -XX:TieredStopAtLevel=1"), runs.stream().map(r -> r.get("gateway_jvm")).toList());
        for (Map<String, Object> run : runs) {
            // first: 20 tasks x 5 events/s x 2 s, no warm-up; warm: the same after 1 s of warm-up load
            assertEquals(200L + 300L, run.get("events_delivered"), run.toString());
            assertTrue(((Number) run.get("first_p99_ms")).doubleValue() > 0 && ((Number) run.get("warm_p99_ms")).doubleValue() > 0,
                    run.toString());
            double ratio = ((Number) run.get("first_p99_ms")).doubleValue() / ((Number) run.get("warm_p99_ms")).doubleValue();
            assertEquals(ratio, ((Number) run.get("p99_ratio")).doubleValue(), 0.01, run.toString());
        }
        Map<String, Map<String, Object>> medians = (Map<String, Map<String, Object>>) result.get("medians");
        assertTrue(medians.get("gateway-b").containsKey("p50_ratio") && medians.get("gateway-b").containsKey("start_ms"), medians.toString());
        // a JVM's start costs it CPU (class loading, the JIT): measured from the outside, in the process's own time
        assertTrue(((Number) medians.get("gateway-a").get("start_cpu_s")).doubleValue() > 0.5, medians.toString());
    }

    @Test
    void connectOpensEveryConnection() throws Exception {
        Map<String, Object> result = LoadGenerator.run("connect", Map.of("gateway-jar", JAR, "connections", "200",
                "concurrency", "50", "gateway-jvm", "-Xmx256m"));
        assertEquals(Boolean.TRUE, result.get("ok"), result.toString());
        assertEquals(200L, result.get("connections_open"));
    }

    @Test
    void idleConnectionsAllGetTheirHeartbeat() throws Exception {
        Map<String, Object> result = LoadGenerator.run("idle", Map.of("gateway-jar", JAR, "connections", "200",
                "heartbeat", "1", "gateway-jvm", "-Xmx256m"));
        assertEquals(Boolean.TRUE, result.get("ok"), result.toString());
        assertEquals(200L, result.get("heartbeat_reached"));
    }
}
