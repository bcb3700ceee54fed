package com.scamscan.infra;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The apps' own meters that reach CloudWatch, by the names the apps' {@code /prometheus} exports them under, and which
 * of them the CloudWatch agent beside each service writes as metrics (namespace {@link AppBase#metricNamespace()},
 * dimension {@code Service} plus the labels named here; never a task id). Alarms, the dashboard and scaling use
 * these and no other custom metric (InfraTest's synth checks pin that); ObservabilityStackIT (system-tests) reads
 * this file and fails when one of the names in it is not exported by the packaged apps.
 *
 * <p>The agent drops Prometheus histograms (it takes counters, gauges and summaries): the timers reach CloudWatch as
 * their {@code _max} gauge only (Micrometer's largest value of the last two minutes or so, for the dashboard); the
 * lag and queue-wait alarms read the counters the apps keep beside those timers instead, of all frames (scans) and
 * of those later than the objective, whose ratio is the percentile's question: is more than 1% (5%) late
 * (docs/observability.md). Counters arrive as the
 * increase since the agent's previous scrape, so their {@code Sum} over a period is the count in that period.
 */
final class AppMetrics {

    // gateway (and the API Gateway relay: the same relay core)
    static final String CONNECTIONS = "scamscan_gateway_connections";
    static final String BUDGET_HELD = "scamscan_gateway_budget_held";
    static final String BUDGET_REJECTED = "scamscan_gateway_budget_rejected_total";
    static final String HANDSHAKES = "scamscan_gateway_handshakes_total";
    static final String SLOW_CLIENTS = "scamscan_gateway_slow_clients_dropped_total";
    static final String CATCHUPS = "scamscan_gateway_catchups_total";
    static final String FRAMES = "scamscan_gateway_frames_sent_bytes_count";
    static final String FRAME_BYTES = "scamscan_gateway_frames_sent_bytes_sum";
    static final String LAG_MAX = "scamscan_gateway_delivery_lag_seconds_max";
    /** Frames with a timestamp, and those later than 1 s: their ratio stands in for the lag's p99 (the agent drops histograms). */
    static final String LAG_TIMED = "scamscan_gateway_delivery_timed_total";
    static final String LAG_LATE = "scamscan_gateway_delivery_late_total";

    // scan-api (the queue's gauges read the one queue in Redis: every instance reports the same)
    static final String QUEUE_LENGTH = "scamscan_queue_length";
    static final String QUEUE_WAITING = "scamscan_queue_waiting";
    static final String QUEUE_OLDEST_WAITING = "scamscan_queue_oldest_waiting_age_seconds";
    static final String QUEUE_WAIT_MAX = "scamscan_queue_wait_seconds_max";
    /** Scans taken, and those that waited over 30 s: their ratio stands in for the wait's p95. */
    static final String QUEUE_WAITS = "scamscan_queue_waits_total";
    static final String QUEUE_WAITS_LATE = "scamscan_queue_waits_late_total";
    static final String UPLOADS = "scamscan_uploads_total";
    static final String VERDICTS = "scamscan_verdicts_total";
    static final String FAILURES = "scamscan_analysis_failures_total";
    static final String RETRIES = "scamscan_analysis_retries_total";
    static final String ANALYSIS_MAX = "scamscan_analysis_duration_seconds_max";
    static final String TOOL_MAX = "scamscan_analysis_tool_duration_seconds_max";
    static final String FEED_AGE = "scamscan_scamdb_feed_age_seconds";

    /** The close codes a refused handshake is counted under (docs/observability.md); the others never refuse one. */
    static final List<String> REFUSAL_CODES = List.of("1008", "4401", "4403", "4429", "1013", "1011");
    /** The budget's refusals that mean it is full (the rest: Redis away, or a gateway recovering its slots). */
    static final List<String> BUDGET_FULL = List.of("fleet_full", "instance_full");
    /** The upload refusals that are the service's own doing, not the client's input. */
    static final List<String> UPLOAD_REFUSALS_OURS = List.of("queue-full", "redis-unavailable");
    /** The feed shipped with the app: loaded once, never refreshed, so its age only grows. Not sent to CloudWatch. */
    static final String SAMPLE_FEED = "sample";

    /**
     * One meter the agent writes: {@code dimensions} are its labels kept as dimensions beside {@code Service};
     * {@code filterLabels}/{@code filter}: only the series whose labels' values, joined by {@code ;}, match the regex
     * {@code filter} (none: every series); {@code rollup}: also one metric with {@code Service} alone, every series
     * of the service's tasks in it (its {@code Sum} is the total over the labels, its {@code Maximum} the largest).
     */
    record Selection(String metric, List<String> dimensions, List<String> filterLabels, String filter, boolean rollup) {

        static Selection plain(String metric) {
            return new Selection(metric, List.of(), List.of(), "", false);
        }

        static Selection by(String metric, String... dimensions) {
            return new Selection(metric, List.of(dimensions), List.of(), "", false);
        }

        Selection withRollup() {
            return new Selection(metric, dimensions, filterLabels, filter, true);
        }

        Selection only(String filter, String... labels) {
            return new Selection(metric, dimensions, List.of(labels), filter, rollup);
        }
    }

    /** What relays progress, the gateway or the API Gateway relay (the same relay core) has to say. */
    static final List<Selection> RELAY = List.of(
            Selection.plain(SLOW_CLIENTS),
            Selection.plain(CATCHUPS),
            Selection.plain(FRAMES),
            Selection.plain(FRAME_BYTES),
            Selection.by(LAG_MAX, "phase").only("live", "phase"),
            Selection.by(LAG_TIMED, "phase").only("live", "phase"),
            Selection.by(LAG_LATE, "phase").only("live", "phase"));

    /** The gateway: the relay's, and its own handshakes and budget (the relay service has none: $connect admits). */
    static final List<Selection> GATEWAY = concat(List.of(
            Selection.plain(CONNECTIONS),
            Selection.plain(BUDGET_HELD),
            Selection.by(BUDGET_REJECTED, "reason"),
            Selection.by(HANDSHAKES, "outcome", "reason")
                    .only("admitted;none|refused;(" + String.join("|", REFUSAL_CODES) + ")", "outcome", "reason")), RELAY);

    /** What a scan-api running the agent (the workers, or {@code SCAMSCAN_MODE=all}) has to say. */
    static final List<Selection> WORKER = List.of(
            Selection.plain(QUEUE_LENGTH),
            Selection.plain(QUEUE_WAITING),
            Selection.plain(QUEUE_OLDEST_WAITING),
            Selection.plain(QUEUE_WAIT_MAX),
            Selection.plain(QUEUE_WAITS),
            Selection.plain(QUEUE_WAITS_LATE),
            Selection.by(VERDICTS, "label").withRollup(),
            Selection.by(FAILURES, "reason").withRollup(),
            Selection.plain(RETRIES),
            Selection.by(ANALYSIS_MAX, "outcome").only("completed", "outcome"),
            Selection.by(TOOL_MAX, "tool").only("ok", "outcome"),
            Selection.by(FEED_AGE, "feed").withRollup());

    /** scan-api serving uploads and running the agent. */
    static final List<Selection> SCAN_API = concat(WORKER, List.of(Selection.by(UPLOADS, "outcome", "problem")));

    private AppMetrics() {
    }

    /** Every name any service's agent writes. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (List<Selection> selections : List.of(GATEWAY, RELAY, WORKER, SCAN_API)) {
            selections.forEach(selection -> names.add(selection.metric()));
        }
        return names;
    }

    private static List<Selection> concat(List<Selection> first, List<Selection> second) {
        List<Selection> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
