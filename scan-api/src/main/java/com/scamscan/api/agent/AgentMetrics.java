package com.scamscan.api.agent;

import com.scamscan.api.queue.AgentSettings;
import com.scamscan.progress.VerdictLabel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent's meters; every tag is a bounded set (tool names, outcomes, verdict labels, failure reasons), never a task
 * id. Durations are timers with percentile histograms (Prometheus {@code _bucket} series) up to the task timeout:
 * <ul>
 *   <li>{@value #TOOL_DURATION}: one tool's run, tags {@code tool} and {@code outcome} ({@code ok}, {@code failed},
 *       {@code timeout});</li>
 *   <li>{@value #DURATION}: one analysis from its first tool to its last event, tag {@code outcome}
 *       ({@code completed}, {@code failed}, {@code taken_over});</li>
 *   <li>{@value #VERDICTS}: completed scans by verdict {@code label};</li>
 *   <li>{@value #FAILURES}: scans that ended {@code failed}, by {@code reason} ({@code tool_failed}, {@code timeout};
 *       the workers add {@code expired}, {@code out_of_attempts});</li>
 *   <li>{@value #RETRIES}: analyses started over by another worker after the first one died or stopped.</li>
 * </ul>
 */
@Singleton
public class AgentMetrics {

    public static final String TOOL_DURATION = "scamscan.analysis.tool.duration";
    public static final String DURATION = "scamscan.analysis.duration";
    public static final String VERDICTS = "scamscan.verdicts";
    public static final String FAILURES = "scamscan.analysis.failures";
    public static final String RETRIES = "scamscan.analysis.retries";

    /** How a tool's run ended. */
    public enum ToolOutcome { OK, FAILED, TIMEOUT }

    private final MeterRegistry registry;
    private final Duration longest;
    private final Map<String, Timer> tools = new ConcurrentHashMap<>();
    private final Map<AnalysisAgent.Outcome, Timer> analyses = new EnumMap<>(AnalysisAgent.Outcome.class);
    private final Map<VerdictLabel, Counter> verdicts = new EnumMap<>(VerdictLabel.class);
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Counter retries;

    public AgentMetrics(@Nullable MeterRegistry registry, AgentSettings settings) {
        this.registry = registry == null ? new CompositeMeterRegistry() : registry;
        this.longest = settings.taskTimeout().plusSeconds(1);
        for (AnalysisAgent.Outcome outcome : AnalysisAgent.Outcome.values()) {
            analyses.put(outcome, timer(DURATION, "one analysis, from its first tool to its last event")
                    .tag("outcome", tag(outcome.name())).register(this.registry));
        }
        for (String reason : List.of("tool_failed", "timeout", "expired", "out_of_attempts")) {
            failure(reason, 0); // exported from the start, so that a rate over them is 0 rather than absent
        }
        retries = Counter.builder(RETRIES).description("analyses started over after their worker died or stopped")
                .register(this.registry);
        for (VerdictLabel label : VerdictLabel.values()) {
            verdicts.put(label, Counter.builder(VERDICTS).description("completed scans by verdict")
                    .tag("label", label.wireName()).register(this.registry));
        }
    }

    /** One tool ran for {@code nanos}. */
    public void tool(String tool, ToolOutcome outcome, long nanos) {
        tools.computeIfAbsent(tool + '\n' + outcome, key -> timer(TOOL_DURATION, "one tool's run in an analysis")
                        .tag("tool", tool).tag("outcome", tag(outcome.name())).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One analysis ended after {@code nanos}. */
    public void analysis(AnalysisAgent.Outcome outcome, long nanos) {
        analyses.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void verdict(VerdictLabel label) {
        verdicts.get(label).increment();
    }

    public void retry() {
        retries.increment();
    }

    /** A scan ended {@code failed}; {@code reason} is one of a few fixed words. */
    public void failure(String reason) {
        failure(reason, 1);
    }

    private void failure(String reason, int count) {
        failures.computeIfAbsent(reason, r -> Counter.builder(FAILURES).description("scans that ended failed, by reason")
                .tag("reason", r).register(registry)).increment(count);
    }

    private Timer.Builder timer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(longest);
    }

    private static String tag(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
