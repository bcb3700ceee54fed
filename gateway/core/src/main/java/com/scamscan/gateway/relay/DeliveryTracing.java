package com.scamscan.gateway.relay;

import com.scamscan.redis.task.TaskTrace;
import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The gateway's spans in a scan's trace: for each client stream, the delivery of its first task event and of the
 * final one ({@code completed} or {@code failed}), each a span ({@value DeliveryTrace#FIRST}, {@value DeliveryTrace#FINAL})
 * whose parent is the span of the {@code POST /scan-image} request that started the scan. scan-api stores that span's
 * {@code traceparent} in the task record ({@link TaskTrace}), which the relay reads anyway when a client connects, so
 * tracing costs no Redis round trip.
 *
 * <p>Why a child of the upload and not a span link: whoever follows a scan opens its trace (from the upload, from
 * the task record's {@code trace_id}, from a log line) and then sees, in one tree, the upload, the worker's analysis
 * with its tools, and each client's first and last frames with when they were handed over; a link would put every
 * delivery in a trace of its own, found only from the delivery's side. A task whose record names no trace (an
 * untraced upload, another publisher) gets no delivery spans: spans outside any scan's trace would be a trace per
 * connection that nobody looks for.
 *
 * <p>Exported, like scan-api's, by the standard {@code otel.*} settings (none by default). Without an
 * {@link OpenTelemetry} bean (the API Gateway relay, tests) nothing is recorded.
 */
@Singleton
public class DeliveryTracing {

    @Nullable
    private final Tracer tracer;

    @Inject
    public DeliveryTracing(@Nullable OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry == null ? null : openTelemetry.getTracer("com.scamscan.gateway.relay");
    }

    /** Records nothing. */
    static DeliveryTracing off() {
        return new DeliveryTracing(null);
    }

    /**
     * What one client stream records: nothing when the task names no trace.
     *
     * @param trace the trace the task's record names
     * @param transport {@link ClientLink#transport()}
     * @param resumed whether the client asked to resume after a {@code last_seq}
     */
    DeliveryTrace stream(Optional<TaskTrace> trace, String taskId, String transport, boolean resumed) {
        if (tracer == null || trace.isEmpty()) {
            return DeliveryTrace.NONE;
        }
        Context parent = trace.get().parent();
        if (parent == Context.root()) {
            return DeliveryTrace.NONE; // e.g. version ff or all-zero ids: the spans would start a trace of their own
        }
        return new DeliveryTrace(tracer, parent, taskId, transport, resumed);
    }
}
