package com.scamscan.gateway.relay;

import com.scamscan.gateway.admission.Admission;
import com.scamscan.progress.CloseCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The relay's meters. Tags are bounded sets (close codes, drop reasons, handshake outcomes); never a task id, which
 * would make one meter per task and exhaust memory.
 *
 * <ul>
 *   <li>{@value #LAG}: publish-to-deliver lag of every progress frame handed to a client, from the event's
 *       {@code timestamp} (the publisher's clock) to this instance's clock, a timer with a percentile histogram; tag
 *       {@code phase}: {@code live} for a frame sent as it arrived, {@code replay} for one sent from history or held
 *       while a client caught up (its lag includes how long the client was away).</li>
 *   <li>{@value #FRAME_BYTES}: the size of each progress frame sent (its count is the frames sent, its sum the
 *       bytes).</li>
 *   <li>{@value #HANDSHAKES}: WebSocket handshakes by {@code outcome} ({@code admitted}, {@code refused}) and
 *       {@code reason} (the refusal's close code, {@code none} when admitted).</li>
 *   <li>{@value #SLOW_CLIENTS}: clients dropped for reading too slowly (also counted as close code 4008).</li>
 * </ul>
 */
@Singleton
public class RelayMetrics {

    public static final String LAG = "scamscan.gateway.delivery.lag";
    public static final String FRAME_BYTES = "scamscan.gateway.frames.sent";
    public static final String HANDSHAKES = "scamscan.gateway.handshakes";
    public static final String SLOW_CLIENTS = "scamscan.gateway.slow.clients.dropped";
    /** Frames with a timestamp, by phase: the lag timer's count as a counter. */
    public static final String TIMED = "scamscan.gateway.delivery.timed";
    /** Of those, the frames later than {@link #LATE_AFTER_MILLIS}: the lag alert's objective (p99 under 1 s). */
    public static final String LATE = "scamscan.gateway.delivery.late";
    public static final long LATE_AFTER_MILLIS = 1000;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter received;
    private final Counter sent;
    private final Counter malformed;
    private final Counter duplicate;
    private final Counter catchUps;
    private final Counter incompleteResumes;
    private final Counter slowClients;
    private final Counter admitted;
    private final Timer liveLag;
    private final Timer replayLag;
    private final Counter liveTimed;
    private final Counter replayTimed;
    private final Counter liveLate;
    private final Counter replayLate;
    private final DistributionSummary frames;
    private final Map<CloseCode, Counter> closes = new EnumMap<>(CloseCode.class);
    private final Map<CloseCode, Counter> refusals = new EnumMap<>(CloseCode.class);

    public RelayMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    @Inject
    public RelayMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        received = registry.counter("scamscan.gateway.events.received");
        sent = registry.counter("scamscan.gateway.events.relayed");
        malformed = registry.counter("scamscan.gateway.events.dropped", "reason", "malformed");
        duplicate = registry.counter("scamscan.gateway.events.dropped", "reason", "duplicate");
        catchUps = registry.counter("scamscan.gateway.catchups");
        incompleteResumes = registry.counter("scamscan.gateway.resumes.incomplete");
        slowClients = Counter.builder(SLOW_CLIENTS).description("clients dropped for reading too slowly").register(registry);
        admitted = handshake("admitted", "none");
        for (CloseCode code : CloseCode.values()) {
            closes.put(code, registry.counter("scamscan.gateway.closes", "code", Integer.toString(code.code())));
            refusals.put(code, handshake("refused", Integer.toString(code.code())));
        }
        liveLag = lag("live");
        replayLag = lag("replay");
        liveTimed = delivery(TIMED, "live");
        replayTimed = delivery(TIMED, "replay");
        liveLate = delivery(LATE, "live");
        replayLate = delivery(LATE, "replay");
        frames = DistributionSummary.builder(FRAME_BYTES).baseUnit("bytes")
                .description("progress frames sent to clients, by size").register(registry);
    }

    private Timer lag(String phase) {
        return Timer.builder(LAG).description("from an event's timestamp to its frame being handed to a client")
                .tag("phase", phase).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    /**
     * The lag timer's count, and how many of those frames were later than {@link #LATE_AFTER_MILLIS}, as plain
     * counters: where only counters and gauges travel (the CloudWatch agent drops histograms) their ratio still
     * tells whether the lag's p99 is over the objective (more than 1% late).
     */
    private Counter delivery(String name, String phase) {
        return Counter.builder(name).description(name.equals(LATE)
                        ? "frames handed to a client more than 1 s after their event's timestamp"
                        : "frames handed to a client whose event has a timestamp (the lag timer's count)")
                .tag("phase", phase).register(registry);
    }

    private Counter handshake(String outcome, String reason) {
        return Counter.builder(HANDSHAKES).description("WebSocket handshakes by outcome and refusal close code")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    void gauges(Supplier<Number> connections, Supplier<Number> subscriptions) {
        io.micrometer.core.instrument.Gauge.builder("scamscan.gateway.connections", connections).register(registry);
        io.micrometer.core.instrument.Gauge.builder("scamscan.gateway.subscriptions", subscriptions).register(registry);
    }

    void received() {
        received.increment();
    }

    /** A progress frame was handed to a client: counted, sized and, when the event has a timestamp, its lag. */
    void relayed(RelayEvent event, boolean live) {
        sent.increment();
        frames.record(event.utf8().length);
        if (event.publishedAtMillis() >= 0) {
            long lag = Math.max(0, clock.millis() - event.publishedAtMillis());
            (live ? liveLag : replayLag).record(lag, TimeUnit.MILLISECONDS);
            (live ? liveTimed : replayTimed).increment();
            if (lag > LATE_AFTER_MILLIS) {
                (live ? liveLate : replayLate).increment();
            }
        }
    }

    /** How a handshake's admission ended (a refusal is also counted by its close code in {@code closes}). */
    void handshake(Admission.Outcome outcome) {
        if (outcome instanceof Admission.Refused refused) {
            refusals.get(refused.code()).increment();
        } else if (outcome != null) {
            admitted.increment();
        }
    }

    void malformed() {
        malformed.increment();
    }

    void duplicate() {
        duplicate.increment();
    }

    void catchUp() {
        catchUps.increment();
    }

    /** A client was greeted with {@code resumed: false}: history no longer held all it asked for. */
    void incompleteResume() {
        incompleteResumes.increment();
    }

    void closed(CloseCode code) {
        closes.get(code).increment();
        if (code == CloseCode.SLOW_CONSUMER) {
            slowClients.increment();
        }
    }
}
