package com.scamscan.api.agent.signals;

/**
 * One lexicon cue found in a message.
 *
 * @param section the section it belongs to
 * @param language the lexicon it comes from
 * @param line the cue's line in that lexicon (a cue's identity: two hits of one line are one cue)
 * @param seen the text it matched, as normalised
 * @param start where the match starts in the normalised text
 * @param end where it ends (exclusive)
 */
public record CueHit(String section, String language, int line, String seen, int start, int end) {

    /** Whether the two matches share any text. */
    public boolean overlaps(CueHit other) {
        return start < other.end && other.start < end;
    }
}
