package com.scamscan.cli;

import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the command prints while it follows a scan: for people, or raw JSON for scripts. */
abstract class Display implements StreamFollower.Listener {

    protected final PrintWriter out;
    protected final PrintWriter err;

    Display(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    abstract void accepted(String taskId);

    abstract void verdict(Verdict verdict);

    /** The task's final event was {@code failed}. */
    void failed(ProgressEvent event) {
        err.println("scamscan: the analysis failed: " + event.message());
        err.flush();
    }

    /** The stream ended without a final event. */
    void stopped(String why) {
        err.println("scamscan: " + why);
        err.flush();
    }

    @Override
    public void notice(String message) {
        // connection notes go to stderr, so that stdout stays the scan's own output
        err.println("scamscan: " + message);
        err.flush();
    }

    /** Each task event as the gateway sent it, one per line: {@code scamscan scan x.png --json | jq .}. */
    static final class Json extends Display {
        Json(PrintWriter out, PrintWriter err) {
            super(out, err);
        }

        @Override
        void accepted(String taskId) {
            err.println("scamscan: task " + taskId);
            err.flush();
        }

        @Override
        public void event(ProgressEvent event, String raw) {
            out.println(raw);
            out.flush();
        }

        @Override
        void verdict(Verdict verdict) {
            // the completed event, already printed, carries it
        }
    }

    /**
     * A progress bar and a line per finished step. On a terminal the bar is redrawn in place; elsewhere each event
     * is one line.
     */
    static final class Human extends Display {
        private static final int BAR = 24;
        private static final Map<String, String> NAMES = Map.of(
                "entity_extraction", "Reading the message",
                "scam_db", "Scam database",
                "exa_search", "Web search",
                "domain_reputation", "Domain reputation",
                "phone_validator", "Phone numbers",
                "reasoning", "Reasoning");

        private final boolean terminal;
        private final Map<Step, Integer> seen = new HashMap<>();
        private boolean barShown;

        Human(PrintWriter out, PrintWriter err, boolean terminal) {
            super(out, err);
            this.terminal = terminal;
        }

        @Override
        void accepted(String taskId) {
            out.println("Scanning (task " + taskId + ")");
            out.flush();
        }

        @Override
        public void event(ProgressEvent event, String raw) {
            int percent = event.percent() == null ? 0 : event.percent();
            if (event.step().isTerminal()) {
                clearBar();
                out.printf(Locale.ROOT, "%s %3d%%  %s%n", bar(percent), percent, event.message());
                out.flush();
                return;
            }
            int count = seen.merge(event.step(), 1, Integer::sum);
            String name = NAMES.getOrDefault(event.step().wireName(), event.step().wireName());
            if (terminal) {
                clearBar();
                if (count > 1) {
                    out.printf(Locale.ROOT, "  %-8s %-19s %s%n", state(event), name, event.message());
                }
                out.printf(Locale.ROOT, "%s %3d%%  %s", bar(percent), percent, count > 1 ? "" : name + ": " + event.message());
                barShown = true;
            } else {
                out.printf(Locale.ROOT, "[%3d%%] %-8s %-19s %s%n", percent, count > 1 ? state(event) : "running", name, event.message());
            }
            out.flush();
        }

        @Override
        public void notice(String message) {
            clearBar();
            super.notice(message);
        }

        @Override
        void stopped(String why) {
            clearBar();
            super.stopped(why);
        }

        @Override
        void verdict(Verdict verdict) {
            out.println();
            out.println("Verdict: " + label(verdict) + " (risk score " + verdict.score() + "/100)");
            if (verdict.summary() != null) {
                out.println(verdict.summary());
            }
            if (verdict.explanation() != null && !verdict.explanation().isBlank()) {
                out.println(verdict.explanation());
            }
            if (!verdict.reasons().isEmpty()) {
                out.println("Why:");
                verdict.reasons().forEach(reason -> out.println("  - " + reason));
            }
            if (!verdict.advice().isEmpty()) {
                out.println("What to do:");
                verdict.advice().forEach(advice -> out.println("  - " + advice));
            }
            if (!verdict.notes().isEmpty()) {
                out.println("Also noticed (not evidence either way):");
                verdict.notes().forEach(note -> out.println("  - " + note));
            }
            Entities found = verdict.entities();
            list("Links", found.urls());
            list("Domains", found.domains());
            list("Phone numbers", found.phones());
            list("Email addresses", found.emails());
            out.flush();
        }

        private void list(String title, List<String> values) {
            if (!values.isEmpty()) {
                out.println(title + ": " + String.join(", ", values));
            }
        }

        private String label(Verdict verdict) {
            String text = verdict.label().wireName().replace('_', ' ').toUpperCase(Locale.ROOT);
            if (!terminal) {
                return text;
            }
            String color = switch (verdict.label()) {
                case SCAM -> "\u001b[1;31m";
                case SUSPICIOUS -> "\u001b[1;33m";
                case LIKELY_SAFE -> "\u001b[1;32m";
            };
            return color + text + "\u001b[0m";
        }

        private static String state(ProgressEvent event) {
            return event.message().regionMatches(true, 0, "skipped", 0, 7) ? "skipped" : "done";
        }

        private static String bar(int percent) {
            int filled = Math.round(BAR * percent / 100f);
            return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
        }

        private void clearBar() {
            if (barShown) {
                out.print("\r\u001b[K");
                out.flush();
                barShown = false;
            }
        }
    }
}
