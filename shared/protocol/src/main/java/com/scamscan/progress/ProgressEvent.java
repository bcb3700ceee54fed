package com.scamscan.progress;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Objects;

/**
 * One server-to-client frame with a {@code step}: a progress event, the {@code connected} greeting, or an
 * error frame. Absent fields are not written, so each kind has exactly the shape docs/protocol.md documents:
 * <pre>
 * {"seq":3,"step":"scam_db","tool":"scam_db","message":"Checking scam database...","percent":30,"timestamp":"2026-11-25T10:00:00.123Z"}
 * {"seq":4,"step":"retrying","message":"The analysis was interrupted; starting again","percent":30,"timestamp":"..."}
 * {"seq":9,"step":"completed","tool":"reasoning","message":"Analysis complete","percent":100,"timestamp":"...","verdict":{...}}
 * {"step":"connected","message":"Connected to agent progress stream","percent":0,"timestamp":"...","resumed":true}
 * {"step":"connected","message":"Connected to agent progress stream","percent":0,"timestamp":"...","resumed":false,"first_seq":7}
 * {"step":"failed","message":"...","error":true,"timestamp":"..."}
 * </pre>
 *
 * @param seq the task's event number, assigned by {@link ProgressPublisher}; absent before publishing and on
 *            frames the gateway makes itself
 * @param step what the agent is doing
 * @param tool the agent tool's own name, for UI mapping
 * @param message the human-readable line
 * @param percent 0-100, never lower than the task's previous event
 * @param error {@code true} on error frames and on the agent's {@code failed} event
 * @param timestamp when it happened, ISO-8601 UTC with milliseconds
 * @param verdict the outcome, on {@code completed} only
 * @param resumed on {@code connected} only: whether the events after the client's {@code last_seq} (0: from the
 *                start) are all still in history and follow; {@code false} when some were lost
 * @param firstSeq on a {@code connected} frame with {@code resumed: false}: the oldest seq still available, absent
 *                 when history holds none of the events after {@code last_seq}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(
        @Nullable Long seq,
        Step step,
        @Nullable String tool,
        String message,
        @Nullable Integer percent,
        @Nullable Boolean error,
        @JsonFormat(pattern = WireTime.PATTERN, timezone = WireTime.ZONE) Instant timestamp,
        @Nullable Verdict verdict,
        @Nullable Boolean resumed,
        @JsonProperty("first_seq") @Nullable Long firstSeq) {

    /** The greeting's text, as the story specifies it. */
    public static final String CONNECTED_MESSAGE = "Connected to agent progress stream";

    public ProgressEvent {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("percent must be 0-100, was " + percent);
        }
        if (seq != null && seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, was " + seq);
        }
        if (verdict != null && step != Step.COMPLETED) {
            throw new IllegalArgumentException("only the completed step carries a verdict");
        }
        if ((resumed != null || firstSeq != null) && step != Step.CONNECTED) {
            throw new IllegalArgumentException("only the connected frame says whether a resume is complete");
        }
    }

    /** A tool's progress, before publishing (no {@code seq} yet). */
    public static ProgressEvent progress(Step step, String tool, String message, int percent, Instant at) {
        if (step == Step.CONNECTED || step.isTerminal()) {
            throw new IllegalArgumentException(step + " is not a tool step; use connected(), completed() or failed()");
        }
        return new ProgressEvent(null, step, tool, message, percent, null, at, null, null, null);
    }

    /**
     * A new worker took over the task after its previous one stopped, and starts the analysis again; the percent is
     * the one the task had reached (events up to it are not sent again).
     */
    public static ProgressEvent retrying(String message, int percent, Instant at) {
        return new ProgressEvent(null, Step.RETRYING, null, message, percent, null, at, null, null, null);
    }

    /** The task's last event when the analysis succeeded: percent 100 and the verdict. */
    public static ProgressEvent completed(String tool, String message, Verdict verdict, Instant at) {
        return new ProgressEvent(null, Step.COMPLETED, tool, message, 100, null, at,
                Objects.requireNonNull(verdict, "verdict"), null, null);
    }

    /** The task's last event when the analysis failed, with the percent it had reached. */
    public static ProgressEvent failed(@Nullable String tool, String reason, int percent, Instant at) {
        return new ProgressEvent(null, Step.FAILED, tool, reason, percent, Boolean.TRUE, at, null, null, null);
    }

    /** The gateway's first frame on a connection whose events since {@code last_seq} are all still available. */
    public static ProgressEvent connected(Instant at) {
        return connected(at, true, null);
    }

    /**
     * The gateway's first frame on every connection: whether the history after the client's {@code last_seq} was
     * complete ({@code resumed}) and, when it was not, the oldest seq it still holds ({@code null}: none).
     */
    public static ProgressEvent connected(Instant at, boolean resumed, @Nullable Long firstSeq) {
        return new ProgressEvent(null, Step.CONNECTED, null, CONNECTED_MESSAGE, 0, null, at, null, resumed,
                resumed ? null : firstSeq);
    }

    /** The gateway's error frame, sent just before it closes the connection. */
    public static ProgressEvent error(String message, Instant at) {
        return new ProgressEvent(null, Step.FAILED, null, message, null, Boolean.TRUE, at, null, null, null);
    }

    /** The same event numbered {@code seq}. */
    public ProgressEvent withSeq(long seq) {
        return new ProgressEvent(seq, step, tool, message, percent, error, timestamp, verdict, resumed, firstSeq);
    }
}
