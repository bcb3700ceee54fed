package com.scamscan.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Objects;

/**
 * The outcome carried by the {@code completed} event.
 *
 * @param label {@code scam}, {@code suspicious} or {@code likely_safe} (clients depend on these three)
 * @param score 0-100, higher is more likely a scam
 * @param reasons the scam signals, strongest first, each in plain words naming what was seen; empty only when
 *                nothing spoke against the message
 * @param entities the links, domains, e-mail addresses and phone numbers found
 * @param explanation a language model's explanation in plain words, when one is configured (absent otherwise)
 * @param summary one sentence for the person: what the label means for this message (absent from publishers
 *                that predate it)
 * @param advice what to do now, most important first (absent when empty)
 * @param notes what was seen but is no evidence either way, e.g. a number that could not be read (absent when empty)
 * @param text what was read from the screenshot (OCR and QR codes), so a misread is visible; kept exactly as
 *             long as the verdict (absent when nothing was read)
 * @param language the message's language, ISO 639-1 ({@code hi-Latn} for Hindi in Latin script), absent when unknown
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Verdict(VerdictLabel label, int score, List<String> reasons, Entities entities,
                      @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) String explanation,
                      @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) String summary,
                      @Nullable @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> advice,
                      @Nullable @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes,
                      @Nullable @JsonInclude(JsonInclude.Include.NON_EMPTY) String text,
                      @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) String language) {

    /** A verdict without a language model's explanation. */
    public Verdict(VerdictLabel label, int score, List<String> reasons, Entities entities) {
        this(label, score, reasons, entities, null);
    }

    /** A verdict with only the first release's fields. */
    public Verdict(VerdictLabel label, int score, List<String> reasons, Entities entities, @Nullable String explanation) {
        this(label, score, reasons, entities, explanation, null, List.of(), List.of(), null, null);
    }

    public Verdict {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(entities, "entities");
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0-100, was " + score);
        }
        reasons = List.copyOf(reasons);
        advice = advice == null ? List.of() : List.copyOf(advice);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** This verdict with a language model's explanation. */
    public Verdict withExplanation(String added) {
        return new Verdict(label, score, reasons, entities, added, summary, advice, notes, text, language);
    }
}
