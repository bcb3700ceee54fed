package com.scamscan.redis.task;

import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The trace a task's upload started, as its {@code task:ID} record names it: scan-api writes the upload request's
 * W3C {@code traceparent} ({@value #PARENT_FIELD}) and its trace id ({@value #ID_FIELD}) with the record, so whoever
 * reads the record (the gateway, delivering the task's frames) can put its own spans in that trace without reading
 * anything else. Not part of the status answer ({@link com.scamscan.task.TaskRecord}).
 *
 * @param traceParent the upload request's {@code traceparent} ({@code 00-TRACEID-SPANID-FLAGS})
 */
public record TaskTrace(String traceParent) {

    /** The record's field with the id of the trace (32 hex digits). */
    public static final String ID_FIELD = "trace_id";
    /** The record's field with the upload request's W3C {@code traceparent}. */
    public static final String PARENT_FIELD = "trace_parent";

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    /** Reads a carrier that is the {@code traceparent} value itself. */
    private static final TextMapGetter<String> CARRIER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(@Nullable String carrier, String key) {
            return "traceparent".equals(key) && carrier != null && !carrier.isEmpty() ? carrier : null;
        }
    };

    /**
     * The trace named by a record's fields as {@code HGETALL} (or a script) read them; empty when the record has no
     * {@value #PARENT_FIELD} (an untraced upload, a record of an earlier version or of another publisher) or one that
     * is not a {@code traceparent}.
     */
    public static Optional<TaskTrace> of(@Nullable Map<String, String> fields) {
        String parent = fields == null ? null : fields.get(PARENT_FIELD);
        return parent != null && TRACEPARENT.matcher(parent).matches() ? Optional.of(new TaskTrace(parent)) : Optional.empty();
    }

    /**
     * The span a W3C {@code traceparent} names, as the parent context of spans that continue its trace; the root
     * context (spans then start a trace of their own) when it is missing or not a usable one (version {@code ff},
     * all-zero ids, malformed).
     */
    public static Context parentOf(@Nullable String traceParent) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, CARRIER);
        return Span.fromContext(parent).getSpanContext().isValid() ? parent : Context.root();
    }

    /** {@link #parentOf} this record's {@code traceparent}. */
    public Context parent() {
        return parentOf(traceParent);
    }

    /** The trace id (32 hex digits). */
    public String traceId() {
        return traceParent.substring(3, 35);
    }

    @Override
    public String toString() {
        return "trace " + traceId();
    }
}
