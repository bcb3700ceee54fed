package com.scamscan.api.scan;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C {@code traceparent} of the span current on the calling thread (the {@code POST /scan-image} request's server
 * span, which Micronaut's tracing makes current while the controller runs), to be stored with the scan so the worker
 * continues the trace; empty when nothing is traced.
 */
final class TraceParent {

    private TraceParent() {
    }

    static String current() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.getOrDefault("traceparent", "");
    }
}
