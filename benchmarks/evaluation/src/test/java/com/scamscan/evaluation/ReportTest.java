package com.scamscan.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.VerdictLabel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void countsPrecisionRecallAndFalseAlarmsAsDefined() {
        List<Outcome> outcomes = new ArrayList<>();
        // 8 scams: 5 scam, 2 suspicious (flagged), 1 likely_safe (missed)
        for (int i = 0; i < 5; i++) {
            outcomes.add(Outcome.judged(scam("s" + i), VerdictLabel.SCAM, 90, ms(100 + i)));
        }
        outcomes.add(Outcome.judged(scam("s5"), VerdictLabel.SUSPICIOUS, 50, ms(200)));
        outcomes.add(Outcome.judged(scam("s6"), VerdictLabel.SUSPICIOUS, 45, ms(300)));
        outcomes.add(Outcome.judged(scam("s7"), VerdictLabel.LIKELY_SAFE, 10, ms(400)));
        // 3 genuine: one labelled scam, one suspicious, one likely_safe
        outcomes.add(Outcome.judged(genuine("g0"), VerdictLabel.SCAM, 70, ms(500)));
        outcomes.add(Outcome.judged(genuine("g1"), VerdictLabel.SUSPICIOUS, 40, ms(600)));
        outcomes.add(Outcome.judged(genuine("g2"), VerdictLabel.LIKELY_SAFE, 0, ms(2000)));
        Report report = new Report("unit", outcomes);

        assertEquals(7.0 / 9.0, report.precision(), 1e-9);
        assertEquals(7.0 / 8.0, report.recall(), 1e-9);
        assertEquals(1, report.genuineLabelledScam());
        assertEquals(List.of("s7"), report.misses().stream().map(o -> o.sample().id()).toList());
        assertEquals(List.of("g0", "g1"), report.falseAlarms().stream().map(o -> o.sample().id()).toList());
        assertEquals(ms(200), report.percentile(0.5)); // 11 times, 100-104, 200, ...: the 6th
        assertEquals(ms(2000), report.percentile(0.95)); // the 11th
        assertEquals(List.of("recall 0.875 < 0.95", "precision 0.778 < 0.95", "1 genuine messages labelled scam",
                "p95 2000 ms >= 1500 ms"), report.unmetTargets());
    }

    @Test
    void aScanWithoutVerdictIsAMissAndIsNotTimed() {
        Report report = new Report("unit", List.of(
                Outcome.failed(scam("s0"), "no verdict within 60 s", ms(60_000)),
                Outcome.judged(scam("s1"), VerdictLabel.SCAM, 80, ms(700)),
                Outcome.judged(genuine("g0"), VerdictLabel.LIKELY_SAFE, 0, ms(900))));
        assertEquals(0.5, report.recall(), 1e-9);
        assertEquals(1.0, report.precision(), 1e-9);
        assertEquals(1, report.failedScans());
        assertEquals(ms(900), report.percentile(1.0));
        assertTrue(report.unmetTargets().contains("1 scans without a verdict"));
    }

    @Test
    void allTargetsMetIsSaidSo() {
        Report report = new Report("unit", List.of(Outcome.judged(scam("s0"), VerdictLabel.SCAM, 80, ms(700)),
                Outcome.judged(genuine("g0"), VerdictLabel.LIKELY_SAFE, 0, ms(900))));
        assertEquals(List.of(), report.unmetTargets());
        assertTrue(report.markdown().contains("Targets met"));
    }

    @Test
    void nothingFlaggedHasNoPrecisionAndFailsTheTarget() {
        Report report = new Report("unit", List.of(Outcome.judged(scam("s0"), VerdictLabel.LIKELY_SAFE, 5, ms(700))));
        assertTrue(Double.isNaN(report.precision()));
        assertTrue(report.unmetTargets().contains("precision n/a < 0.95"));
        assertTrue(report.markdown().contains("| n/a | 0.000 |"));
    }

    @Test
    void markdownNamesSamplesByIdNeverByTheirText() {
        Report report = new Report("unit", List.of(
                Outcome.judged(scam("s0"), VerdictLabel.LIKELY_SAFE, 12, ms(700)),
                Outcome.judged(genuine("g0"), VerdictLabel.SCAM, 81, ms(900))));
        String markdown = report.markdown();
        assertFalse(markdown.contains("secret words"), markdown);
        assertTrue(markdown.contains("| s0 | parcel | de | likely_safe | 12 | 700 ms |"), markdown);
        assertTrue(markdown.contains("| g0 | otp | de | scam | 81 | 900 ms |"), markdown);
        assertTrue(markdown.contains("| scam: parcel | 1 | 0 | 0 | 1 | 0 |"), markdown);
        assertTrue(markdown.contains("| genuine: otp | 1 | 1 | 0 | 0 | 0 |"), markdown);
        assertTrue(markdown.contains("| whatsapp (scam) | 1 | 0 | 0 | 1 | 0 |"), markdown);
    }

    private static Sample scam(String id) {
        return sample(id, Sample.Expected.SCAM, "parcel");
    }

    private static Sample genuine(String id) {
        return sample(id, Sample.Expected.GENUINE, "otp");
    }

    private static Sample sample(String id, Sample.Expected expected, String archetype) {
        return new Sample(id, expected, archetype, "de", "DE", Sample.Layout.WHATSAPP, Sample.Theme.DARK,
                Sample.TextSize.SMALL, Sample.Damage.BLUR, "+49 1512 0000000", Optional.empty(), Optional.empty(),
                "secret words");
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
