package com.scamscan.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of every frame, field by field, against golden strings taken from docs/protocol.md (wire format). */
class ProgressEventJsonTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123Z");
    private static final String TS = "\"timestamp\":\"2026-11-25T10:00:00.123Z\"";

    private final ObjectMapper json = ObjectMapper.getDefault();

    @Test
    void everyToolStepHasTheDocumentedShape() throws IOException {
        String[][] golden = {
                {"entity_extraction", "Extracting entities...", "10"},
                {"scam_db", "Checking scam database...", "30"},
                {"exa_search", "Searching web...", "50"},
                {"domain_reputation", "Checking domain reputation...", "65"},
                {"phone_validator", "Validating phone numbers...", "80"},
                {"reasoning", "Weighing the evidence...", "90"},
        };
        long seq = 1;
        for (String[] row : golden) {
            Step step = Step.fromWireName(row[0]);
            ProgressEvent event = ProgressEvent.progress(step, row[0], row[1], Integer.parseInt(row[2]), AT).withSeq(seq);
            assertEquals("{\"seq\":" + seq + ",\"step\":\"" + row[0] + "\",\"tool\":\"" + row[0]
                    + "\",\"message\":\"" + row[1] + "\",\"percent\":" + row[2] + "," + TS + "}", write(event));
            seq++;
        }
    }

    @Test
    void completedCarriesTheVerdictAfterTheTimestamp() throws IOException {
        Verdict verdict = new Verdict(VerdictLabel.SCAM, 92, List.of("URL on a phishing feed"),
                new Entities(List.of("http://paypa1-secure.top/login"), List.of("paypa1-secure.top"),
                        List.of(), List.of("+18005550199")));
        String expected = "{\"seq\":7,\"step\":\"completed\",\"tool\":\"reasoning\",\"message\":\"Analysis complete!\","
                + "\"percent\":100," + TS + ",\"verdict\":{\"label\":\"scam\",\"score\":92,"
                + "\"reasons\":[\"URL on a phishing feed\"],\"entities\":{\"urls\":[\"http://paypa1-secure.top/login\"],"
                + "\"domains\":[\"paypa1-secure.top\"],\"emails\":[],\"phones\":[\"+18005550199\"]}}}";
        ProgressEvent event = ProgressEvent.completed("reasoning", "Analysis complete!", verdict, AT).withSeq(7);
        assertEquals(expected, write(event));
        assertEquals(event, json.readValue(expected, ProgressEvent.class));
    }

    @Test
    void verdictExplanationIsWrittenOnlyWhenThereIsOne() throws IOException {
        Verdict explained = new Verdict(VerdictLabel.SUSPICIOUS, 40, List.of(), Entities.none(), "Looks like a parcel scam.");
        assertEquals("{\"label\":\"suspicious\",\"score\":40,\"reasons\":[],\"entities\":{\"urls\":[],\"domains\":[],"
                + "\"emails\":[],\"phones\":[]},\"explanation\":\"Looks like a parcel scam.\"}", json.writeValueAsString(explained));
        assertEquals(explained, json.readValue(json.writeValueAsString(explained), Verdict.class));
    }

    @Test
    void verdictCarriesSummaryAdviceNotesReadTextAndLanguageWhenThereAreAny() throws IOException {
        Verdict full = new Verdict(VerdictLabel.SUSPICIOUS, 30, List.of("It reads like the parcel scam."), Entities.none(), null,
                "Looks like a scam.", List.of("Do not tap the link."), List.of("Could not read the number 0791 23."),
                "Your parcel is on hold", "en");
        String expected = "{\"label\":\"suspicious\",\"score\":30,\"reasons\":[\"It reads like the parcel scam.\"],"
                + "\"entities\":{\"urls\":[],\"domains\":[],\"emails\":[],\"phones\":[]},\"summary\":\"Looks like a scam.\","
                + "\"advice\":[\"Do not tap the link.\"],\"notes\":[\"Could not read the number 0791 23.\"],"
                + "\"text\":\"Your parcel is on hold\",\"language\":\"en\"}";
        assertEquals(expected, json.writeValueAsString(full));
        assertEquals(full, json.readValue(expected, Verdict.class));
        Verdict bare = new Verdict(VerdictLabel.LIKELY_SAFE, 0, List.of(), Entities.none(), null, null, List.of(), List.of(), "", null);
        assertEquals("{\"label\":\"likely_safe\",\"score\":0,\"reasons\":[],\"entities\":{\"urls\":[],\"domains\":[],"
                + "\"emails\":[],\"phones\":[]}}", json.writeValueAsString(bare));
    }

    @Test
    void agentFailureIsAnErrorWithItsPercent() throws IOException {
        assertEquals("{\"seq\":4,\"step\":\"failed\",\"tool\":\"exa_search\",\"message\":\"search timed out\","
                        + "\"percent\":50,\"error\":true," + TS + "}",
                write(ProgressEvent.failed("exa_search", "search timed out", 50, AT).withSeq(4)));
    }

    @Test
    void retryingIsANumberedEventWithoutToolAtThePercentReached() throws IOException {
        String wire = "{\"seq\":5,\"step\":\"retrying\",\"message\":\"The analysis was interrupted; starting again\","
                + "\"percent\":40," + TS + "}";
        ProgressEvent event = ProgressEvent.retrying("The analysis was interrupted; starting again", 40, AT).withSeq(5);
        assertEquals(wire, write(event));
        assertEquals(event, json.readValue(wire, ProgressEvent.class));
        assertEquals(false, Step.RETRYING.isTerminal(), "a task goes on after retrying");
    }

    @Test
    void connectedFrameIsTheStoryGreetingAndSaysWhetherTheResumeIsComplete() throws IOException {
        assertEquals("{\"step\":\"connected\",\"message\":\"Connected to agent progress stream\",\"percent\":0," + TS
                + ",\"resumed\":true}", write(ProgressEvent.connected(AT)));
        String lost = "{\"step\":\"connected\",\"message\":\"Connected to agent progress stream\",\"percent\":0," + TS
                + ",\"resumed\":false,\"first_seq\":7}";
        assertEquals(lost, write(ProgressEvent.connected(AT, false, 7L)));
        assertEquals(ProgressEvent.connected(AT, false, 7L), json.readValue(lost, ProgressEvent.class));
        assertNull(ProgressEvent.connected(AT, true, 7L).firstSeq(), "a complete resume names no first seq");
        assertThrows(IllegalArgumentException.class, () -> new ProgressEvent(1L, Step.SCAM_DB, null, "m", 10, null, AT,
                null, true, null), "only the greeting carries resumed");
    }

    @Test
    void errorFrameHasNoPercentAndNoSeq() throws IOException {
        assertEquals("{\"step\":\"failed\",\"message\":\"Unknown task\",\"error\":true," + TS + "}",
                write(ProgressEvent.error("Unknown task", AT)));
    }

    @Test
    void heartbeatFrame() throws IOException {
        assertEquals("{\"heartbeat\":true," + TS + "}", json.writeValueAsString(Heartbeat.at(AT)));
    }

    @Test
    void timestampsAreUtcWithExactlyThreeFractionDigits() throws IOException {
        String whole = write(ProgressEvent.connected(Instant.parse("2026-11-25T10:00:00Z")));
        assertEquals("{\"step\":\"connected\",\"message\":\"Connected to agent progress stream\",\"percent\":0,"
                + "\"timestamp\":\"2026-11-25T10:00:00.000Z\",\"resumed\":true}", whole);
        String nanos = write(ProgressEvent.connected(Instant.parse("2026-11-25T10:00:00.123456789Z")));
        assertEquals("{\"step\":\"connected\",\"message\":\"Connected to agent progress stream\",\"percent\":0," + TS + ",\"resumed\":true}", nanos);
    }

    @Test
    void publishedJsonReadsBackAsTheSameEvent() throws IOException {
        String wire = "{\"seq\":3,\"step\":\"scam_db\",\"tool\":\"scam_db\",\"message\":\"Checking scam database...\","
                + "\"percent\":30," + TS + "}";
        assertEquals(ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Checking scam database...", 30, AT).withSeq(3),
                json.readValue(wire, ProgressEvent.class));
    }

    @Test
    void outOfContractValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProgressEvent.progress(Step.SCAM_DB, "scam_db", "x", 101, AT));
        assertThrows(IllegalArgumentException.class, () -> ProgressEvent.progress(Step.SCAM_DB, "scam_db", "x", -1, AT));
        assertThrows(IllegalArgumentException.class, () -> ProgressEvent.progress(Step.COMPLETED, "reasoning", "x", 100, AT));
        assertThrows(IllegalArgumentException.class, () -> ProgressEvent.progress(Step.SCAM_DB, "scam_db", "x", 1, AT).withSeq(0));
        assertThrows(IllegalArgumentException.class, () -> Step.fromWireName("scam-db"));
    }

    private String write(ProgressEvent event) throws IOException {
        return json.writeValueAsString(event);
    }
}
