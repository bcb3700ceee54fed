package com.scamscan.evaluation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The figures of one evaluation run. A sample is flagged when labelled scam or suspicious; the positives are the
 * samples expected to be scams. Times are upload-to-completed of the scans that completed. The report names samples
 * by id only: no message text.
 */
public final class Report {

    /** The targets: recall and precision at least 0.95, no genuine message labelled scam, p95 under 1.5 s. */
    public static final double MIN_RECALL = 0.95;
    public static final double MIN_PRECISION = 0.95;
    public static final Duration MAX_P95 = Duration.ofMillis(1500);

    private static final List<String> COLUMNS = List.of("scam", "suspicious", "likely_safe", "failed");

    private final String corpus;
    private final List<Outcome> outcomes;

    public Report(String corpus, List<Outcome> outcomes) {
        this.corpus = corpus;
        this.outcomes = List.copyOf(outcomes);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    public long truePositives() {
        return outcomes.stream().filter(o -> o.sample().isScam() && o.flagged()).count();
    }

    public long falsePositives() {
        return outcomes.stream().filter(o -> !o.sample().isScam() && o.flagged()).count();
    }

    public long positives() {
        return outcomes.stream().filter(o -> o.sample().isScam()).count();
    }

    /** Flagged scams over all flagged; NaN when nothing was flagged. */
    public double precision() {
        long flagged = truePositives() + falsePositives();
        return flagged == 0 ? Double.NaN : (double) truePositives() / flagged;
    }

    /** Flagged scams over all scams; NaN without scams. */
    public double recall() {
        return positives() == 0 ? Double.NaN : (double) truePositives() / positives();
    }

    public long genuineLabelledScam() {
        return outcomes.stream().filter(o -> !o.sample().isScam() && o.labelName().equals("scam")).count();
    }

    public long failedScans() {
        return outcomes.stream().filter(o -> o.label().isEmpty()).count();
    }

    /** The nearest-rank percentile of the completed scans' times (0 &lt; q &le; 1); zero when none completed. */
    public Duration percentile(double q) {
        List<Duration> times = outcomes.stream().filter(o -> o.label().isPresent()).map(Outcome::elapsed).sorted().toList();
        if (times.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(q * times.size());
        return times.get(Math.max(0, rank - 1));
    }

    /** Scams not flagged (labelled likely_safe, or no verdict). */
    public List<Outcome> misses() {
        return outcomes.stream().filter(o -> o.sample().isScam() && !o.flagged()).toList();
    }

    /** Genuine messages flagged, or left without a verdict. */
    public List<Outcome> falseAlarms() {
        return outcomes.stream().filter(o -> !o.sample().isScam() && (o.flagged() || o.label().isEmpty())).toList();
    }

    /** What the targets say of this run; empty when all are met. */
    public List<String> unmetTargets() {
        List<String> unmet = new ArrayList<>();
        if (!(recall() >= MIN_RECALL)) {
            unmet.add("recall " + ratio(recall()) + " < " + MIN_RECALL);
        }
        if (!(precision() >= MIN_PRECISION)) {
            unmet.add("precision " + ratio(precision()) + " < " + MIN_PRECISION);
        }
        if (genuineLabelledScam() > 0) {
            unmet.add(genuineLabelledScam() + " genuine messages labelled scam");
        }
        if (failedScans() > 0) {
            unmet.add(failedScans() + " scans without a verdict");
        }
        if (percentile(0.95).compareTo(MAX_P95) >= 0) {
            unmet.add("p95 " + millis(percentile(0.95)) + " >= " + millis(MAX_P95));
        }
        return unmet;
    }

    /** The report as Markdown. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        long scams = positives();
        out.append("# ScamScan evaluation: corpus `").append(corpus).append("`\n\n");
        out.append(outcomes.size()).append(" samples: ").append(scams).append(" scams, ").append(outcomes.size() - scams)
                .append(" genuine. Flagged = labelled scam or suspicious; positives = expected scam.\n\n");
        out.append("| precision | recall | genuine labelled scam | genuine flagged | scams missed | scans without verdict | p50 | p95 | max |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        out.append("| ").append(ratio(precision())).append(" | ").append(ratio(recall())).append(" | ")
                .append(genuineLabelledScam()).append(" | ").append(falsePositives()).append(" | ")
                .append(misses().size()).append(" | ").append(failedScans()).append(" | ")
                .append(millis(percentile(0.5))).append(" | ").append(millis(percentile(0.95))).append(" | ")
                .append(millis(percentile(1.0))).append(" |\n\n");
        List<String> unmet = unmetTargets();
        out.append(unmet.isEmpty() ? "Targets met (recall >= 0.95, precision >= 0.95, no genuine labelled scam, p95 < 1500 ms).\n\n"
                : "Targets not met: " + String.join("; ", unmet) + ".\n\n");
        table(out, "By archetype (scams) and kind (genuine)", o -> (o.sample().isScam() ? "scam: " : "genuine: ")
                + o.sample().archetype());
        table(out, "By language", o -> o.sample().language() + " (" + expected(o) + ")");
        table(out, "By layout", o -> lower(o.sample().layout()) + " (" + expected(o) + ")");
        table(out, "By theme", o -> lower(o.sample().theme()) + " (" + expected(o) + ")");
        table(out, "By text size", o -> lower(o.sample().size()) + " (" + expected(o) + ")");
        table(out, "By damage", o -> lower(o.sample().damage()) + " (" + expected(o) + ")");
        list(out, "Misses (scams not flagged)", misses());
        list(out, "False alarms (genuine messages flagged or without verdict)", falseAlarms());
        return out.toString();
    }

    private void table(StringBuilder out, String title, Function<Outcome, String> key) {
        Map<String, int[]> rows = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            rows.computeIfAbsent(key.apply(outcome), k -> new int[COLUMNS.size()])[COLUMNS.indexOf(outcome.labelName())]++;
        }
        out.append("## ").append(title).append("\n\n| | n | ").append(String.join(" | ", COLUMNS)).append(" |\n|---|---|");
        out.append("---|".repeat(COLUMNS.size())).append('\n');
        rows.forEach((row, counts) -> {
            int n = 0;
            for (int c : counts) {
                n += c;
            }
            out.append("| ").append(row).append(" | ").append(n);
            for (int c : counts) {
                out.append(" | ").append(c);
            }
            out.append(" |\n");
        });
        out.append('\n');
    }

    private static void list(StringBuilder out, String title, List<Outcome> items) {
        out.append("## ").append(title).append(" (").append(items.size()).append(")\n\n");
        if (items.isEmpty()) {
            out.append("None.\n\n");
            return;
        }
        out.append("| id | archetype | language | label | score | time |\n|---|---|---|---|---|---|\n");
        items.stream().sorted(Comparator.comparing(o -> o.sample().id())).forEach(o -> out.append("| ")
                .append(o.sample().id()).append(" | ").append(o.sample().archetype()).append(" | ")
                .append(o.sample().language()).append(" | ").append(o.labelName())
                .append(o.failure().map(f -> " (" + f + ")").orElse("")).append(" | ").append(o.score()).append(" | ")
                .append(millis(o.elapsed())).append(" |\n"));
        out.append('\n');
    }

    private static String expected(Outcome outcome) {
        return outcome.sample().isScam() ? "scam" : "genuine";
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
