package com.scamscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of the comparison at a small size: the gateway and both reference peers (the Node relay, from
 * {@code npm ci} in peers/node, and the story's FastAPI relay on Debian's Python) each deliver every event of the
 * same run and close every client with 1000, and the ratios to the Node relay are computed.
 */
class ReferencePeersIT {

    private static final String JAR = System.getProperty("scamscan.gateway.jar");
    private static final String PEERS = System.getProperty("scamscan.peers.dir");

    @Test
    @SuppressWarnings("unchecked")
    void everyRelayDeliversEveryEventOfTheSameRun() throws Exception {
        Map<String, Object> result = LoadGenerator.run("stream", Map.of("gateway-jar", JAR, "peers-dir", PEERS, "peers", "node,python",
                "repeats", "1", "tasks", "20", "clients", "2", "rate", "5", "seconds", "2", "warmup", "1", "gateway-jvm", "-Xmx256m"));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) result.get("runs");
        assertEquals(List.of("gateway", "node", "python"), runs.stream().map(r -> r.get("relay")).toList(), result.toString());
        for (Map<String, Object> run : runs) {
            assertEquals(600L, run.get("events_delivered"), run.toString());
            assertEquals(Map.of(1000, 40L), run.get("closes"), run.toString());
            assertTrue(((Number) run.get("cpu_us_per_event")).doubleValue() > 0, run.toString());
        }
        assertEquals(Boolean.TRUE, result.get("ok"), result.toString());
        Map<String, Map<String, Object>> ratios = (Map<String, Map<String, Object>>) result.get("ratios");
        assertEquals(List.of("gateway/node", "python/node"), List.copyOf(ratios.keySet()));
        assertTrue(ratios.get("gateway/node").containsKey("cpu_us_per_event") && ratios.get("gateway/node").containsKey("latency_ms_p99"),
                ratios.toString());
    }
}
