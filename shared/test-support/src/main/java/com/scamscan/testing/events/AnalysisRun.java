package com.scamscan.testing.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a task's events, as the JSON published, against the agent's complete run. */
public final class AnalysisRun {

    /** Every tool's start and result, then the verdict. */
    public static final List<String> STEPS = List.of("entity_extraction", "entity_extraction", "scam_db", "scam_db",
            "exa_search", "exa_search", "domain_reputation", "domain_reputation", "phone_validator", "phone_validator",
            "reasoning", "reasoning", "completed");

    private static final Pattern STEP = Pattern.compile("\"step\":\"([a-z_]+)\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern PERCENT = Pattern.compile("\"percent\":(\\d+)");

    private AnalysisRun() {
    }

    /** Each step once and in order, {@code seq} 1, 2, 3 ... without gaps, percent never going down, ending at 100. */
    public static void assertComplete(List<String> events) {
        assertCompleteAfterRetries(events, 0);
    }

    /**
     * As {@link #assertComplete}, for a task that other workers took over {@code retries} times: that many
     * {@code retrying} events among the others (numbered with them), every tool step still once.
     */
    public static void assertCompleteAfterRetries(List<String> events, int retries) {
        List<String> steps = new ArrayList<>();
        int retrying = 0;
        long seq = 0;
        int percent = 0;
        for (String event : events) {
            String step = field(STEP, event);
            if (step.equals("retrying")) {
                retrying++;
            } else {
                steps.add(step);
            }
            assertEquals(seq + 1, Long.parseLong(field(SEQ, event)), "seq without gaps or repeats: " + events);
            int next = Integer.parseInt(field(PERCENT, event));
            assertTrue(next >= percent, "percent never goes down: " + events);
            seq++;
            percent = next;
        }
        assertEquals(STEPS, steps, events.toString());
        assertEquals(retries, retrying, "retrying events: " + events);
        assertEquals(100, percent);
    }

    private static String field(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        assertTrue(m.find(), pattern + " in " + json);
        return m.group(1);
    }
}
