package com.scamscan.gateway.relay;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.redis.progress.ProgressHistory;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * What every {@link ClientStream} shares: the limits, the history, the clock, the meters, the frame encoder and the
 * delivery spans.
 */
@Singleton
final class StreamContext {

    final GatewaySettings settings;
    final TaskHistory history;
    final Clock clock;
    final RelayMetrics metrics;
    final Frames frames;
    final DeliveryTracing tracing;

    @Inject
    StreamContext(GatewaySettings settings, ProgressHistory history, ObjectMapper json, Clock clock, RelayMetrics metrics,
                  DeliveryTracing tracing) {
        this(settings, history::read, json::writeValueAsBytes, clock, metrics, tracing);
    }

    StreamContext(GatewaySettings settings, TaskHistory history, Frames.Encoder json, Clock clock, RelayMetrics metrics) {
        this(settings, history, json, clock, metrics, DeliveryTracing.off());
    }

    StreamContext(GatewaySettings settings, TaskHistory history, Frames.Encoder json, Clock clock, RelayMetrics metrics,
                  DeliveryTracing tracing) {
        this.settings = settings;
        this.history = history;
        this.clock = clock;
        this.metrics = metrics;
        this.frames = new Frames(json);
        this.tracing = tracing;
    }
}
