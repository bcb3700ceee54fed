package com.scamscan.api.agent.signals;

import java.util.List;
import java.util.Map;

/**
 * What the lexicons found in one message.
 *
 * @param language the message's language (ISO 639-1, {@code hi-Latn} for Hindi in Latin script, {@code und} unknown)
 * @param lexicons the lexicons applied
 * @param hits per section, each distinct cue once, in the order found; guarded sentences left out
 */
public record TextScan(String language, List<String> lexicons, Map<String, List<CueHit>> hits) {

    public TextScan {
        lexicons = List.copyOf(lexicons);
        hits = Map.copyOf(hits);
    }

    /** The distinct cues of a section found. */
    public List<CueHit> hits(String section) {
        return hits.getOrDefault(section, List.of());
    }

    /** How many distinct cues of a section were found. */
    public int count(String section) {
        return hits(section).size();
    }
}
