package com.scamscan.api.agent;

import com.scamscan.api.agent.tools.DomainReputationTool;
import com.scamscan.api.agent.tools.EntityExtractionTool;
import com.scamscan.api.agent.tools.ExaSearchTool;
import com.scamscan.api.agent.tools.PhoneValidatorTool;
import com.scamscan.api.agent.tools.ReasoningTool;
import com.scamscan.api.agent.tools.ScamDbTool;
import com.scamscan.api.queue.AgentSettings;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.PublishRejectedException;
import com.scamscan.progress.Step;
import jakarta.inject.Singleton;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tools in order over one scan and publishes each tool's start and result, then {@code completed} with
 * the verdict, or {@code failed} with the reason when a tool fails or the task runs out of time.
 *
 * <p>A task that a dead worker left half done starts again from the first tool, after a {@code retrying} event
 * ({@link #announceRetry}); events up to the percent the task already reached are not published again (the person
 * saw them), and the idempotency keys make a retried publish a no-op.
 */
@Singleton
public class AnalysisAgent {

    /** A tool with the percent its start and result events carry. */
    record Stage(AgentTool tool, int startPercent, int endPercent) {
    }

    /** How an analysis ended. */
    public enum Outcome { COMPLETED, FAILED, TAKEN_OVER }

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisAgent.class);

    private final List<Stage> stages;
    private final ReliablePublisher publisher;
    private final AgentSettings settings;
    private final Clock clock;
    private final AgentMetrics metrics;
    private final AgentTracing tracing;

    public AnalysisAgent(EntityExtractionTool entities, ScamDbTool scamDb, ExaSearchTool search,
                         DomainReputationTool domains, PhoneValidatorTool phones, ReasoningTool reasoning,
                         ReliablePublisher publisher, AgentSettings settings, Clock clock, AgentMetrics metrics,
                         AgentTracing tracing) {
        this.stages = List.of(
                new Stage(entities, 10, 20),
                new Stage(scamDb, 25, 30),
                new Stage(search, 40, 50),
                new Stage(domains, 60, 65),
                new Stage(phones, 75, 80),
                new Stage(reasoning, 85, 90));
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /**
     * A worker's runner for the tools: one thread at a time, replaced when a tool does not stop at its deadline; a
     * thread that ends frees what the tools held for it (its OCR engine).
     */
    public ToolRunner newRunner(String name) {
        return new ToolRunner(name, () -> stages.forEach(stage -> stage.tool().releaseThread()));
    }

    /**
     * Analyses one scan, running tools on {@code runner} (one thread per worker, so each keeps its own OCR engine).
     *
     * @param reached the percent the task had already reached (0 for a fresh task)
     * @param held whether this worker still holds the task; checked before each event, so a worker whose task was
     *             taken over (it hung past the claim timeout) stops instead of racing the new holder
     * @return how the task ended
     * @throws InterruptedException when the worker is stopped; the task is then neither completed nor failed
     */
    public Outcome analyse(Analysis analysis, int reached, ToolRunner runner, BooleanSupplier held) throws InterruptedException {
        long started = System.nanoTime();
        List<ToolRun> runs = new ArrayList<>();
        Outcome outcome = null;
        Span span = tracing.analysis(analysis, reached);
        try {
            outcome = runTools(analysis, reached, runner, held, runs, span);
            return outcome;
        } finally {
            if (outcome != null) {
                finished(analysis, outcome, System.nanoTime() - started, runs);
                AgentTracing.outcome(span, outcome.name().toLowerCase(java.util.Locale.ROOT), outcome == Outcome.FAILED);
                if (outcome == Outcome.COMPLETED && analysis.verdict() != null) {
                    span.setAttribute("scamscan.verdict", analysis.verdict().label().wireName());
                    span.setAttribute("scamscan.score", analysis.verdict().score());
                }
            } else {
                AgentTracing.outcome(span, "interrupted", true);
            }
            span.end();
        }
    }

    /** How one tool's run ended and how long it took. */
    record ToolRun(String tool, AgentMetrics.ToolOutcome outcome, long nanos) {
        @Override
        public String toString() {
            return tool + "=" + outcome.name().toLowerCase(java.util.Locale.ROOT) + "/" + TimeUnit.NANOSECONDS.toMillis(nanos) + "ms";
        }
    }

    private Outcome runTools(Analysis analysis, int reached, ToolRunner runner, BooleanSupplier held, List<ToolRun> runs,
                             Span span) throws InterruptedException {
        String taskId = analysis.taskId();
        long deadline = System.nanoTime() + settings.taskTimeout().toNanos();
        int percent = reached;
        try {
            for (Stage stage : stages) {
                if (!held.getAsBoolean()) {
                    return Outcome.TAKEN_OVER;
                }
                AgentTool tool = stage.tool();
                percent = emit(taskId, ProgressEvent.progress(tool.step(), tool.name(), tool.startMessage(), stage.startPercent(),
                        clock.instant()), tool.name() + ":start", percent);
                String result;
                long toolStarted = System.nanoTime();
                Span toolSpan = tracing.tool(span, tool);
                try {
                    // on the runner's thread, the tool's span is current (an outside service's call is its child)
                    result = runner.call(Context.root().with(toolSpan).wrap(() -> tool.run(analysis)), deadline);
                    ran(runs, tool, AgentMetrics.ToolOutcome.OK, toolStarted, toolSpan);
                } catch (TimeoutException e) {
                    ran(runs, tool, AgentMetrics.ToolOutcome.TIMEOUT, toolStarted, toolSpan);
                    if (!held.getAsBoolean()) {
                        return Outcome.TAKEN_OVER;
                    }
                    return fail(taskId, tool.name(), "The analysis took longer than " + settings.taskTimeout().toSeconds()
                            + " s and was stopped", percent, "timeout");
                } catch (ExecutionException e) {
                    ran(runs, tool, AgentMetrics.ToolOutcome.FAILED, toolStarted, toolSpan);
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    LOG.warn("task {}: tool {} failed", taskId, tool.name(), cause);
                    if (!held.getAsBoolean()) {
                        return Outcome.TAKEN_OVER;
                    }
                    return fail(taskId, tool.name(), tool.name() + " failed: " + describe(cause), percent, "tool_failed");
                } finally {
                    toolSpan.end(); // also when the worker is stopped meanwhile
                }
                if (!held.getAsBoolean()) {
                    return Outcome.TAKEN_OVER;
                }
                percent = emit(taskId, ProgressEvent.progress(tool.step(), tool.name(), result, stage.endPercent(), clock.instant()),
                        tool.name() + ":done", percent);
            }
            if (!held.getAsBoolean()) {
                return Outcome.TAKEN_OVER;
            }
            publisher.publish(taskId, ProgressEvent.completed(Step.REASONING.wireName(), "Analysis complete!",
                    analysis.verdict(), clock.instant()), "completed");
            metrics.verdict(analysis.verdict().label());
            return Outcome.COMPLETED;
        } catch (PublishRejectedException e) {
            LOG.info("task {}: stopped, the task is no longer this worker's: {}", taskId, e.getMessage());
            return Outcome.TAKEN_OVER;
        }
    }

    /** The message of the {@code retrying} event. */
    public static final String RETRYING_MESSAGE = "The analysis was interrupted; starting again";

    /**
     * Tells the person watching that this worker took over a task another worker started (the task's previous worker
     * died or was shut down), before {@link #analyse} starts it over; ignored for a task already ended.
     *
     * @param attempt the worker's attempt (one key per attempt, so a retried publish is not repeated)
     * @param reached the percent the task had reached; the event carries it
     */
    public void announceRetry(String taskId, int attempt, int reached) throws InterruptedException {
        metrics.retry();
        try {
            publisher.publish(taskId, ProgressEvent.retrying(RETRYING_MESSAGE, reached, clock.instant()), "retrying:" + attempt);
        } catch (PublishRejectedException e) {
            LOG.info("task {}: no retrying event, {}", taskId, e.getMessage());
        }
    }

    /**
     * Ends a task {@code failed} from outside an analysis (e.g. out of attempts); ignores a task already ended.
     *
     * @param metricReason the reason as counted in {@value AgentMetrics#FAILURES}: one of a few fixed words
     */
    public void failTask(String taskId, String reason, String metricReason, int percent) throws InterruptedException {
        try {
            publisher.publish(taskId, ProgressEvent.failed(null, reason, percent, clock.instant()), "failed");
            metrics.failure(metricReason);
            LOG.atInfo().addKeyValue("task_id", taskId).addKeyValue("outcome", "failed").addKeyValue("reason", metricReason)
                    .log("task {}: scan failed, {}", taskId, metricReason);
        } catch (PublishRejectedException e) {
            LOG.info("task {}: not failed, {}", taskId, e.getMessage());
        }
    }

    private Outcome fail(String taskId, String tool, String reason, int percent, String metricReason)
            throws InterruptedException {
        publisher.publish(taskId, ProgressEvent.failed(tool, reason, percent, clock.instant()), "failed");
        metrics.failure(metricReason);
        return Outcome.FAILED;
    }

    private void ran(List<ToolRun> runs, AgentTool tool, AgentMetrics.ToolOutcome outcome, long started, Span span) {
        ToolRun run = new ToolRun(tool.name(), outcome, System.nanoTime() - started);
        runs.add(run);
        metrics.tool(run.tool(), outcome, run.nanos());
        AgentTracing.outcome(span, outcome.name().toLowerCase(java.util.Locale.ROOT), outcome != AgentMetrics.ToolOutcome.OK);
    }

    /**
     * The scan's one line: task id, outcome, verdict label and score, duration and each tool's outcome and duration
     * (also as key/value pairs for the JSON log); never the message, what OCR read, the image or a token.
     */
    private void finished(Analysis analysis, Outcome outcome, long nanos, List<ToolRun> runs) {
        metrics.analysis(outcome, nanos);
        boolean completed = outcome == Outcome.COMPLETED && analysis.verdict() != null;
        String label = completed ? analysis.verdict().label().wireName() : "none";
        int score = completed ? analysis.verdict().score() : -1;
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        String tools = runs.stream().map(ToolRun::toString).collect(java.util.stream.Collectors.joining(" "));
        LOG.atInfo().addKeyValue("task_id", analysis.taskId()).addKeyValue("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .addKeyValue("verdict", label).addKeyValue("score", score).addKeyValue("duration_ms", millis)
                .addKeyValue("tools", tools)
                .log("task {}: scan {}, verdict {}, score {}, {} ms; tools {}", analysis.taskId(),
                        outcome.name().toLowerCase(java.util.Locale.ROOT), label, score, millis, tools);
    }

    /**
     * Publishes unless the task already reached this percent (each step has its own percents, so the person saw this
     * event from an earlier worker); returns the task's percent afterwards.
     */
    private int emit(String taskId, ProgressEvent event, String key, int reached) throws InterruptedException {
        if (event.percent() <= reached) {
            return reached;
        }
        publisher.publish(taskId, event, key);
        return event.percent();
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
