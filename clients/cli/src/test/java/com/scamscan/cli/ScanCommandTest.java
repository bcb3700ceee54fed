package com.scamscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScanCommandTest {

    private final ScanCommand.DurationConverter durations = new ScanCommand.DurationConverter();

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Duration.ofSeconds(90), durations.convert("90s"));
        assertEquals(Duration.ofMinutes(5), durations.convert("5m"));
        assertEquals(Duration.ofMinutes(90), durations.convert("1h30m"));
        assertEquals(Duration.ofSeconds(45), durations.convert("PT45S"));
        assertThrows(RuntimeException.class, () -> durations.convert("0s"));
        assertThrows(RuntimeException.class, () -> durations.convert("soon"));
    }

    @Test
    void backoffGrowsWithJitterAndIsCapped() {
        for (int i = 0; i < 200; i++) {
            long first = StreamFollower.backoffMillis(1);
            assertTrue(first >= 250 && first <= 500, "attempt 1: " + first);
            long third = StreamFollower.backoffMillis(3);
            assertTrue(third >= 1000 && third <= 2000, "attempt 3: " + third);
            long late = StreamFollower.backoffMillis(50);
            assertTrue(late >= 7500 && late <= 15000, "attempt 50: " + late);
        }
    }

    @Test
    void usageErrorsAndMissingFilesExitWithTwo() {
        assertEquals(ScanCommand.EXIT_ERROR, ScamScanCli.run("scan"));
        assertEquals(ScanCommand.EXIT_ERROR, ScamScanCli.run("scan", "no-such-file.png"));
        assertEquals(ScanCommand.EXIT_ERROR, ScamScanCli.run("scan", "pom.xml", "--timeout", "never"));
        assertEquals(ScanCommand.EXIT_ERROR, ScamScanCli.run("frobnicate"));
    }
}
