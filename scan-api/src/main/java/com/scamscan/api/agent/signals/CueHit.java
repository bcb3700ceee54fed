package com.scamscan.api.agent.signals;

/**
 * One lexicon cue found in a message.
 *
 * @param section the section it belongs to
 * @param language the lexicon it comes from
 * @param line the cue's line in that lexicon (a cue's identity: two hits of one line are one cue)
 * @param seen the text it matched, as normalised
 */
public record CueHit(String section, String language, int line, String seen) {
}
