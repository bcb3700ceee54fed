package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.gateway.admission.Admission;
import com.scamscan.progress.CloseCode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The relay's latency, size and handshake meters, and the event timestamp they are read from. */
class RelayMetricsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RelayMetrics metrics = new RelayMetrics(meters, Clock.fixed(NOW, ZoneOffset.UTC));

    private static RelayEvent event(String timestamp) {
        String json = "{\"seq\":1,\"step\":\"scam_db\"" + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"") + "}";
        return RelayEvent.parse(json).orElseThrow();
    }

    private Timer lag(String phase) {
        return meters.get(RelayMetrics.LAG).tag("phase", phase).timer();
    }

    @Test
    void theTimestampIsReadInTheSamePassAndABadOneDoesNotDropTheEvent() {
        assertEquals(Instant.parse("2026-01-01T00:00:09.750Z").toEpochMilli(), event("2026-01-01T00:00:09.750Z").publishedAtMillis());
        assertEquals(-1, event(null).publishedAtMillis());
        assertEquals(-1, event("yesterday").publishedAtMillis());
        assertEquals(-1, RelayEvent.parse("{\"timestamp\":42}").orElseThrow().publishedAtMillis());
    }

    @Test
    void eachFrameRecordsItsLagByPhaseAndItsSize() {
        RelayEvent live = event("2026-01-01T00:00:09.750Z");
        metrics.relayed(live, true);
        metrics.relayed(event("2026-01-01T00:00:00Z"), false);
        metrics.relayed(event(null), true); // no timestamp: counted and sized, no lag
        metrics.relayed(event("2026-01-01T00:00:11Z"), true); // the publisher's clock ahead of ours: 0, not negative

        assertEquals(2, lag("live").count());
        assertEquals(250.0, lag("live").totalTime(TimeUnit.MILLISECONDS));
        assertEquals(1, lag("replay").count());
        assertEquals(10_000.0, lag("replay").totalTime(TimeUnit.MILLISECONDS));
        assertEquals(4, meters.get(RelayMetrics.FRAME_BYTES).summary().count());
        assertEquals(live.utf8().length, (int) meters.get(RelayMetrics.FRAME_BYTES).summary().max());
        assertEquals(4.0, meters.get("scamscan.gateway.events.relayed").counter().count());
    }

    @Test
    void framesLaterThanTheObjectiveAreCountedBesideTheLagSoTheirShareReadsAsAPercentile() {
        metrics.relayed(event("2026-01-01T00:00:09.750Z"), true); // 250 ms
        metrics.relayed(event("2026-01-01T00:00:09Z"), true); // 1 s exactly: not late
        metrics.relayed(event("2026-01-01T00:00:08.999Z"), true); // 1,001 ms: late
        metrics.relayed(event("2026-01-01T00:00:00Z"), false); // a replay of a 10 s old event: late, as a replay
        metrics.relayed(event(null), true); // no timestamp: neither

        assertEquals(3.0, meters.get(RelayMetrics.TIMED).tag("phase", "live").counter().count());
        assertEquals(1.0, meters.get(RelayMetrics.LATE).tag("phase", "live").counter().count());
        assertEquals(1.0, meters.get(RelayMetrics.TIMED).tag("phase", "replay").counter().count());
        assertEquals(1.0, meters.get(RelayMetrics.LATE).tag("phase", "replay").counter().count());
        assertEquals(lag("live").count(), (long) meters.get(RelayMetrics.TIMED).tag("phase", "live").counter().count());
    }

    @Test
    void handshakesAreCountedByOutcomeAndRefusalCode() {
        metrics.handshake(new Admission.Admitted(0, null));
        metrics.handshake(new Admission.Refused(CloseCode.RATE_LIMITED, "slow down", 3));
        metrics.handshake(new Admission.Refused(CloseCode.RATE_LIMITED, "slow down", 3));
        metrics.handshake(null); // the check itself failed: not a handshake outcome
        assertEquals(1.0, meters.get(RelayMetrics.HANDSHAKES).tags("outcome", "admitted", "reason", "none").counter().count());
        assertEquals(2.0, meters.get(RelayMetrics.HANDSHAKES).tags("outcome", "refused", "reason", "4429").counter().count());
        assertEquals(0.0, meters.get(RelayMetrics.HANDSHAKES).tags("outcome", "refused", "reason", "4401").counter().count());
    }

    @Test
    void aSlowClientIsCountedAsADropAndAsItsCloseCode() {
        metrics.closed(CloseCode.SLOW_CONSUMER);
        metrics.closed(CloseCode.TASK_FINISHED);
        assertEquals(1.0, meters.get(RelayMetrics.SLOW_CLIENTS).counter().count());
        assertEquals(1.0, meters.get("scamscan.gateway.closes").tag("code", "4008").counter().count());
    }
}
