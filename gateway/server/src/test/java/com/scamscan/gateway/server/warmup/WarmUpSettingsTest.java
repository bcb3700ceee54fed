package com.scamscan.gateway.server.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpSettingsTest {

    @Test
    void defaults() {
        WarmUpSettings settings = new WarmUpSettings(true, 500, 50, 80, Duration.ofSeconds(30));
        assertEquals(500, settings.connections());
    }

    @Test
    void refusesWhatCannotWork() {
        assertEquals("scamscan.gateway.warm-up.connections must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> new WarmUpSettings(true, 0, 25, 20, Duration.ofSeconds(1))).getMessage());
        assertEquals("scamscan.gateway.warm-up.concurrency must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> new WarmUpSettings(true, 1, 0, 20, Duration.ofSeconds(1))).getMessage());
        assertEquals("scamscan.gateway.warm-up.events must be at least 1 (the completed event), was 0",
                assertThrows(IllegalArgumentException.class, () -> new WarmUpSettings(true, 1, 1, 0, Duration.ofSeconds(1))).getMessage());
        assertEquals("scamscan.gateway.warm-up.timeout must be positive, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> new WarmUpSettings(true, 1, 1, 1, Duration.ZERO)).getMessage());
    }
}
