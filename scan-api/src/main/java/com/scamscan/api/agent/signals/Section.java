package com.scamscan.api.agent.signals;

import java.util.List;

/**
 * A lexicon section as {@code signals/sections.tsv} describes it.
 *
 * @param id the section's name in every lexicon file ({@code parcel}, {@code payment}, ...)
 * @param kind what its cues are evidence of
 * @param title how a reason names it ("the fake parcel-delivery fee")
 * @param advice what the person should do when it fires (may be empty)
 */
public record Section(String id, Kind kind, String title, List<String> advice) {

    /** What a section's cues are. */
    public enum Kind {
        /** A scam script: the story one kind of scam tells (parcel fee, "Hi Mum", safe account...). */
        SCRIPT,
        /** A pressure tactic many scripts share (a payment request, a deadline, a threat, a request for codes). */
        TACTIC,
        /** Phrases of genuine warnings ("we will never ask for your PIN"): cues in the same sentence do not count. */
        GUARD,
        /** Words that tell a language apart where the detector cannot (Hindi written in Latin script). */
        MARKER
    }
}
