package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PausesTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Pauses pauses = new Pauses(Duration.ofSeconds(1), Duration.ofSeconds(2), nanos::get);

    @Test
    void looksOnScheduleOrSomewhatLateAreNoPause() {
        assertEquals(Duration.ZERO, pauses.sinceLastLook(), "the first look has nothing to compare with");
        advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, pauses.sinceLastLook());
        advance(Duration.ofSeconds(3)); // one second late plus two tolerated
        assertEquals(Duration.ZERO, pauses.sinceLastLook());
    }

    @Test
    void aLookLaterThanTheToleranceReportsHowLongTheProcessWasPaused() {
        pauses.sinceLastLook();
        advance(Duration.ofSeconds(13));
        assertEquals(Duration.ofSeconds(12), pauses.sinceLastLook());
        advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, pauses.sinceLastLook(), "once running again, the next look is on schedule");
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
