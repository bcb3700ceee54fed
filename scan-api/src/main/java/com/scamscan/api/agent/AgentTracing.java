package com.scamscan.api.agent;

import com.scamscan.redis.task.TaskTrace;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The agent's spans, in the trace its upload started: the scan's input carries the W3C {@code traceparent} of the
 * {@code POST /scan-image} request that stored it, so a worker's analysis ({@value #ANALYSIS}, kind CONSUMER) is a
 * child of that request's span even on another instance, and each tool's run ({@value #TOOL_PREFIX}NAME) a child of
 * the analysis. Exported, like every span, by the standard {@code otel.*} settings (none by default). Attributes are the
 * task id, outcomes, the verdict's label and score; never the message text, what OCR read or the image.
 */
@Singleton
public class AgentTracing {

    static final String ANALYSIS = "scan.analysis";
    static final String TOOL_PREFIX = "scan.tool ";

    private final Tracer tracer;

    public AgentTracing(@Nullable OpenTelemetry openTelemetry) {
        this.tracer = (openTelemetry == null ? OpenTelemetry.noop() : openTelemetry).getTracer("com.scamscan.api.agent");
    }

    /** Starts the analysis's span, a child of the upload's request when the input carries its trace. */
    Span analysis(Analysis analysis, int reached) {
        Context parent = TaskTrace.parentOf(analysis.trace());
        return tracer.spanBuilder(ANALYSIS).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("scamscan.task_id", analysis.taskId())
                .setAttribute("scamscan.resumed_at_percent", reached)
                .startSpan();
    }

    /** Starts a tool's span, a child of {@code analysis}. */
    Span tool(Span analysis, AgentTool tool) {
        return tracer.spanBuilder(TOOL_PREFIX + tool.name()).setParent(Context.root().with(analysis))
                .setAttribute("scamscan.tool", tool.name()).startSpan();
    }

    /** Marks a span by how its work ended ({@code ok}, or an error with only the outcome's word as description). */
    static void outcome(Span span, String outcome, boolean error) {
        span.setAttribute("scamscan.outcome", outcome);
        if (error) {
            span.setStatus(StatusCode.ERROR, outcome);
        }
    }
}
