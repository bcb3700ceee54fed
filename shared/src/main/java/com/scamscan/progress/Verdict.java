package com.scamscan.progress;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Objects;

/**
 * The outcome carried by the {@code completed} event: a label, a score 0-100 (higher is more likely a
 * scam), the reasons that cite the evidence, the entities found, and, when a language model is configured,
 * its explanation in plain words (absent otherwise).
 */
@Serdeable
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
public record Verdict(VerdictLabel label, int score, List<String> reasons, Entities entities,
                      @io.micronaut.core.annotation.Nullable
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      String explanation) {

    /** A verdict without a language model's explanation. */
    public Verdict(VerdictLabel label, int score, List<String> reasons, Entities entities) {
        this(label, score, reasons, entities, null);
    }

    public Verdict {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(entities, "entities");
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0-100, was " + score);
        }
        reasons = List.copyOf(reasons);
    }
}
