package com.scamscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScanSettingsTest {

    private static ScanSettings settings(String url, String style) {
        return new ScanSettings(10, 10, 10, "US", url, style, 100, java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(10));
    }

    @Test
    void theContainerGatewayTakesTheTaskInThePath() {
        assertEquals("wss://ws.example.com/ws/agent-progress/t1?token=v1.9.s",
                settings("wss://ws.example.com/", "path").wsUrl("t1", "v1.9.s"));
    }

    @Test
    void anApiGatewayStageTakesItInTheQuery() {
        assertEquals("wss://abc.execute-api.eu-west-1.amazonaws.com/prod?task_id=t1&token=v1.9.s",
                settings("wss://abc.execute-api.eu-west-1.amazonaws.com/prod", "query").wsUrl("t1", "v1.9.s"));
    }

    @Test
    void anythingElseStopsStartup() {
        assertThrows(IllegalArgumentException.class, () -> settings("wss://x", "header"));
        assertThrows(IllegalArgumentException.class, () -> settings("https://x", "path"));
    }

    @Test
    void theQueueBoundAndTheUploadLifetimeAreChecked() {
        java.time.Duration thirty = java.time.Duration.ofSeconds(30);
        assertThrows(IllegalArgumentException.class,
                () -> new ScanSettings(10, 10, 10, "US", "ws://x", "path", 0, thirty, thirty));
        assertThrows(IllegalArgumentException.class,
                () -> new ScanSettings(10, 10, 10, "US", "ws://x", "path", 1, java.time.Duration.ZERO, thirty));
        assertThrows(IllegalArgumentException.class,
                () -> new ScanSettings(10, 10, 10, "US", "ws://x", "path", 1, thirty, java.time.Duration.ofMillis(10)));
    }
}
