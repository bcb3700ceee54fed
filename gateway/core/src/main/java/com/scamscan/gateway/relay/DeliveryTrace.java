package com.scamscan.gateway.relay;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One client stream's delivery spans ({@link DeliveryTracing}): a span when its first task event is handed to the
 * client's connection and one when the final event is (one span, {@value #FINAL}, when the first is the final).
 * A span starts at the event's {@code timestamp} (when it was published; the delivery's time when the event has none
 * or the clocks disagree) and ends when the frame was handed over, so its length is that frame's publish-to-deliver
 * lag. Attributes: {@code scamscan.task_id}, {@code scamscan.seq}, {@code scamscan.transport} ({@code websocket},
 * {@code sse}), {@code scamscan.resumed} (the client asked to resume after a {@code last_seq}), {@code scamscan.phase}
 * ({@code live}, or {@code replay} for a frame from history), {@code scamscan.first}; never a token or an event's text.
 *
 * <p>Called with the stream's monitor held ({@code ClientStream#deliver}); the tracer takes no lock of the relay's.
 */
class DeliveryTrace {

    static final String FIRST = "gateway.deliver first";
    static final String FINAL = "gateway.deliver final";

    /** A stream whose task names no trace: records nothing. */
    static final DeliveryTrace NONE = new DeliveryTrace(null, null, "", "", false);

    private final Tracer tracer;
    private final Context parent;
    private final String taskId;
    private final String transport;
    private final boolean resumed;
    private boolean first = true; // guarded by the stream's monitor

    DeliveryTrace(Tracer tracer, Context parent, String taskId, String transport, boolean resumed) {
        this.tracer = tracer;
        this.parent = parent;
        this.taskId = taskId;
        this.transport = transport;
        this.resumed = resumed;
    }

    /** A task event's frame was handed to the client's connection just now; every other frame costs one check. */
    void delivered(RelayEvent event, boolean live, Clock clock) {
        if (tracer == null || !(first || event.terminal())) {
            return;
        }
        long nowMillis = clock.millis();
        long published = event.publishedAtMillis();
        long start = published >= 0 && published <= nowMillis ? published : nowMillis;
        SpanBuilder builder = tracer.spanBuilder(event.terminal() ? FINAL : FIRST).setParent(parent)
                .setSpanKind(SpanKind.PRODUCER).setStartTimestamp(start, TimeUnit.MILLISECONDS)
                .setAttribute("scamscan.task_id", taskId)
                .setAttribute("scamscan.transport", transport)
                .setAttribute("scamscan.resumed", resumed)
                .setAttribute("scamscan.phase", live ? "live" : "replay")
                .setAttribute("scamscan.first", first);
        if (event.seq() != null) {
            builder.setAttribute("scamscan.seq", event.seq());
        }
        Span span = builder.startSpan();
        span.end(nowMillis, TimeUnit.MILLISECONDS);
        first = false;
    }
}
