package com.scamscan.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.budget.BudgetSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings records hold the defaults and check them, naming the property (the relay schedules at these values). */
class SettingsValidationTest {

    private static GatewaySettings gateway(Duration heartbeat, Duration sweep) {
        return new GatewaySettings(heartbeat, Duration.ofSeconds(60), Duration.ofSeconds(45), sweep, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1024, 262144, 2000, Duration.ofSeconds(10), false);
    }

    private static BudgetSettings budget(Duration leaseTtl, Duration renewInterval) {
        return new BudgetSettings(100, 0, leaseTtl, renewInterval, "");
    }

    @Test
    void intervalsTheRelayIsScheduledAtMustBePositive() {
        assertDoesNotThrow(() -> gateway(Duration.ofMillis(1), Duration.ofMillis(1)));
        IllegalArgumentException sweep = assertThrows(IllegalArgumentException.class, () -> gateway(Duration.ofSeconds(15), Duration.ZERO));
        assertTrue(sweep.getMessage().startsWith(GatewaySettings.SWEEP_INTERVAL + " must be positive"), sweep.getMessage());
        IllegalArgumentException heartbeat = assertThrows(IllegalArgumentException.class,
                () -> gateway(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
        assertTrue(heartbeat.getMessage().startsWith(GatewaySettings.HEARTBEAT_INTERVAL + " must be positive"), heartbeat.getMessage());
    }

    @Test
    void theRenewIntervalMustBeBelowTheLeaseTtl() {
        assertDoesNotThrow(() -> budget(Duration.ofSeconds(45), Duration.ofMillis(44_999)));
        IllegalArgumentException equal = assertThrows(IllegalArgumentException.class,
                () -> budget(Duration.ofSeconds(45), Duration.ofSeconds(45)));
        assertTrue(equal.getMessage().contains(BudgetSettings.RENEW_INTERVAL + " (45s) must be positive and below "
                + BudgetSettings.LEASE_TTL + " (45s)"), equal.getMessage());
        assertThrows(IllegalArgumentException.class, () -> budget(Duration.ofSeconds(45), Duration.ZERO));
    }
}
