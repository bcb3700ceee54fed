package com.scamscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScanSettingsTest {

    private static ScanSettings settings(String url, String style) {
        return new ScanSettings(10, 10, 10, "US", url, style);
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
}
