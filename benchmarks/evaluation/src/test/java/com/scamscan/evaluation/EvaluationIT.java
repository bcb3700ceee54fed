package com.scamscan.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.redis.RedisFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The corpus through the real pipeline: scan-api in this JVM with its agent and a real Redis; every sample rendered,
 * uploaded and followed to its verdict. Writes the report to {@code evaluation.report}. Runs only when asked
 * ({@code -Devaluation}); with {@code -Devaluation.assert} it also holds the analyser to the targets.
 */
class EvaluationIT {

    @Test
    void corpusThroughTheRealPipeline() throws IOException {
        String name = System.getProperty("evaluation.corpus", Corpus.HOLDOUT);
        List<Sample> samples = Corpus.load(Corpus.directory(), name);
        Duration timeout = Duration.ofSeconds(Long.getLong("evaluation.scanTimeoutSeconds", 60));
        Sample warmUp = new Sample("warm-up", Sample.Expected.GENUINE, "warm_up", "en", "GB", Sample.Layout.IOS_SMS,
                Sample.Theme.LIGHT, Sample.TextSize.NORMAL, Sample.Damage.NONE, "Sam", Optional.empty(),
                Optional.empty(), "See you at 7 then, I'll bring the salad");
        List<Outcome> outcomes;
        Outcome first;
        try (ScanApiRunner runner = new ScanApiRunner(RedisFixture.shared().uri(), Map.of(), timeout)) {
            first = runner.scan(warmUp, Renderer.render(warmUp));
            outcomes = runner.run(samples, o -> System.out.printf("%-24s %-11s %3d %6d ms%n", o.sample().id(),
                    o.labelName(), o.score(), o.elapsed().toMillis()));
        }
        Report report = new Report(name, outcomes);
        String markdown = report.markdown() + "The first scan after start-up (a warm-up, not counted) took "
                + first.elapsed().toMillis() + " ms and was labelled " + first.labelName() + ".\n";
        Path file = Path.of(System.getProperty("evaluation.report", "target/evaluation-report.md"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown);
        System.out.println(markdown);

        assertEquals(samples.size(), outcomes.size());
        assertTrue(first.label().isPresent(), "the warm-up scan got no verdict: " + first.failure().orElse(""));
        if (Boolean.getBoolean("evaluation.assert")) {
            assertEquals(List.of(), report.unmetTargets(), "see " + file);
        }
        String floor = System.getProperty("evaluation.floor", "");
        if (!floor.isBlank()) {
            // the regression guard of every build: what the analyser has reached, never less
            String[] minimum = floor.split(",");
            assertTrue(report.recall() >= Double.parseDouble(minimum[0]), "recall " + report.recall() + " fell below " + minimum[0]);
            assertTrue(report.precision() >= Double.parseDouble(minimum[1]), "precision " + report.precision() + " fell below " + minimum[1]);
            assertEquals(0, report.genuineLabelledScam(), "genuine messages labelled scam; see " + file);
            assertEquals(0, report.failedScans(), "scans without a verdict; see " + file);
            // no timing here: how long a scan takes is measured in the report (p50/p95) and held to its target only
            // with -Devaluation.assert on a quiet machine, never by every build on whatever machine it runs
        }
    }
}
