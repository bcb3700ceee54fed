package com.scamscan.gateway.relay;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.redis.progress.ProgressHistory;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import com.scamscan.gateway.admission.RefusalLog;
import com.scamscan.security.ClientAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What every {@link ClientStream} shares: the limits, the history, the clock, the meters, the frame encoder and the
 * delivery spans; and the refused handshakes' log lines ({@link RefusalLog}).
 */
@Singleton
final class StreamContext {

    final GatewaySettings settings;
    final TaskHistory history;
    final Clock clock;
    final RelayMetrics metrics;
    final Frames frames;
    final DeliveryTracing tracing;
    final RefusalLog refusals;

    @Inject
    StreamContext(GatewaySettings settings, ProgressHistory history, ObjectMapper json, Clock clock, RelayMetrics metrics,
                  DeliveryTracing tracing, RefusalLog refusals) {
        this(settings, history::read, json::writeValueAsBytes, clock, metrics, tracing, refusals);
    }

    StreamContext(GatewaySettings settings, TaskHistory history, Frames.Encoder json, Clock clock, RelayMetrics metrics) {
        this(settings, history, json, clock, metrics, DeliveryTracing.off());
    }

    StreamContext(GatewaySettings settings, TaskHistory history, Frames.Encoder json, Clock clock, RelayMetrics metrics,
                  DeliveryTracing tracing) {
        this(settings, history, json, clock, metrics, tracing, new RefusalLog(new RefusalLog.Settings(Duration.ofSeconds(60),
                100), new ClientAddress(new ClientAddress.Settings(List.of())), clock));
    }

    private StreamContext(GatewaySettings settings, TaskHistory history, Frames.Encoder json, Clock clock, RelayMetrics metrics,
                          DeliveryTracing tracing, RefusalLog refusals) {
        this.settings = settings;
        this.history = history;
        this.clock = clock;
        this.metrics = metrics;
        this.frames = new Frames(json);
        this.tracing = tracing;
        this.refusals = refusals;
    }
}
