package com.scamscan.evaluation;

import com.scamscan.progress.VerdictLabel;
import java.time.Duration;
import java.util.Optional;

/**
 * What the pipeline made of one sample: the verdict's label and score and the time from upload to the
 * {@code completed} event, or why no verdict came ({@code failure}: the task failed or timed out).
 */
public record Outcome(Sample sample, Optional<VerdictLabel> label, int score, Duration elapsed, Optional<String> failure) {

    public static Outcome judged(Sample sample, VerdictLabel label, int score, Duration elapsed) {
        return new Outcome(sample, Optional.of(label), score, elapsed, Optional.empty());
    }

    public static Outcome failed(Sample sample, String why, Duration elapsed) {
        return new Outcome(sample, Optional.empty(), 0, elapsed, Optional.of(why));
    }

    /** Labelled scam or suspicious: the person is warned. A scan without a verdict warns no one. */
    public boolean flagged() {
        return label.isPresent() && label.get() != VerdictLabel.LIKELY_SAFE;
    }

    /** The label's wire name, or {@code failed}. */
    public String labelName() {
        return label.map(VerdictLabel::wireName).orElse("failed");
    }
}
