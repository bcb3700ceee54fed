package com.scamscan.api.agent;

/**
 * One piece of evidence a tool found.
 *
 * <p>The weight says what kind of evidence it is: above 0 it is a <em>scam signal</em> (a message with any
 * signal is never {@code likely_safe}); below 0 it speaks for the message; exactly 0 it is a <em>note</em>,
 * shown to the person but never evidence either way (e.g. "a number that could not be read").
 *
 * @param tool the tool that found it
 * @param weight how much it adds to the scam score (negative: it speaks for the message; 0: a note)
 * @param reason the sentence a person reads, in plain words, naming what was seen
 * @param topic what the evidence is about, which decides the advice the verdict gives: one of the constants
 *              below, or {@code text:ID} for a scam script or pressure tactic of the lexicons ({@code text:parcel})
 */
public record Finding(String tool, int weight, String reason, String topic) {

    /** A link or domain (lookalike, shortener, feed hit on a URL or domain). */
    public static final String LINK = "link";
    /** A phone number. */
    public static final String PHONE = "phone";
    /** An e-mail address or sender. */
    public static final String EMAIL = "email";
    /** Anything else (web search reports, a language model, ...). */
    public static final String OTHER = "other";

    /** A finding about something other than a link, phone or e-mail. */
    public Finding(String tool, int weight, String reason) {
        this(tool, weight, reason, OTHER);
    }

    public Finding {
        java.util.Objects.requireNonNull(tool, "tool");
        java.util.Objects.requireNonNull(reason, "reason");
        java.util.Objects.requireNonNull(topic, "topic");
    }

    /** Whether this is a scam signal (weight above 0). */
    public boolean isSignal() {
        return weight > 0;
    }

    /** Whether this is a note: shown, never evidence. */
    public boolean isNote() {
        return weight == 0;
    }
}
