package com.scamscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
