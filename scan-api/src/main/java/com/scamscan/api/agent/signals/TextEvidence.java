package com.scamscan.api.agent.signals;

import com.scamscan.api.agent.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns what the lexicons found into findings, by the rules in docs/scoring.md:
 * <ul>
 *   <li>a scam script with two or more of its own cues is a signal on its own: {@value #SCRIPT_BASE} plus
 *       {@value #SCRIPT_STEP} for every further cue, at most {@value #SCRIPT_MAX};</li>
 *   <li>pressure tactics (a payment request, a deadline, a threat, a request for codes or card details, secrecy)
 *       are signals when the message also carries another signal, when three or more of them pile up, or when a
 *       request for credentials comes with a threat or a deadline; otherwise each is a note, because genuine
 *       bills, reminders and code messages use them one at a time;</li>
 *   <li>part of a script's story under pressure is a signal of {@value #PART_STORY}: one cue of a script with two
 *       pressure tactics, single cues of two scripts with one, single cues of three scripts, or single cues of two
 *       scripts that are links of one scam's chain ({@link #CHAINS}: a wrong-number opener that turns to romance or
 *       investment, a romance that asks for crypto, a customs fee or gift cards);</li>
 *   <li>otherwise a single cue of a script is a note.</li>
 * </ul>
 */
public final class TextEvidence {

    static final int SCRIPT_BASE = 30;
    static final int SCRIPT_STEP = 10;
    static final int SCRIPT_MAX = 50;
    /** Part of a script's story with pressure: one cue and two tactics, or cues of two scripts and a tactic. */
    static final int PART_STORY = 20;
    /** Weight of each pressure tactic when it counts. */
    static final Map<String, Integer> TACTIC_WEIGHTS = Map.of(
            "payment", 15, "deadline", 10, "threat", 15, "credentials", 20, "secrecy", 15, "link_prompt", 5);

    /** What the text says, weighed. */
    public record Weighed(List<Finding> findings, List<String> scripts, List<String> tactics) {
    }

    /**
     * Scripts that are steps of one scam, so a phrase of each is part of its story even without pressure: the
     * "wrong number" opener is how romance, investment ("pig butchering") and task-job scams start, and a romance
     * ends in a request for crypto, a customs fee for a gift, or gift cards. A genuine message does not chat like a
     * stranger who texted by mistake and talk crypto, or declare love and ask for gift cards.
     */
    static final List<Set<String>> CHAINS = List.of(Set.of("wrong_number", "romance"), Set.of("wrong_number", "crypto"),
            Set.of("wrong_number", "job"), Set.of("romance", "crypto"), Set.of("romance", "customs"), Set.of("romance", "gift_card"));

    /** Tactics that, with a link to an unknown website, make the link a signal: what phishing asks for. */
    static final List<String> THREATENING = List.of("threat", "credentials", "secrecy");

    private TextEvidence() {
    }

    /**
     * Weighs one message's cues.
     *
     * @param otherSignals whether other tools found a scam signal (a bad link, a listed number...)
     */
    public static Weighed weigh(TextScan scan, Lexicons lexicons, boolean otherSignals, String tool) {
        List<Finding> findings = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        List<String> single = new ArrayList<>();
        for (Section section : lexicons.sections().values().stream()
                .filter(s -> s.kind() == Section.Kind.SCRIPT).sorted((a, b) -> scan.count(b.id()) - scan.count(a.id())).toList()) {
            int n = scan.count(section.id());
            if (n >= 2) {
                scripts.add(section.id());
                int weight = Math.min(SCRIPT_MAX, SCRIPT_BASE + SCRIPT_STEP * (n - 2));
                findings.add(new Finding(tool, weight, "It reads like " + section.title() + ". It says " + quote(scan.hits(section.id()))
                        + ".", "text:" + section.id()));
            } else if (n == 1) {
                single.add(section.id());
            }
        }
        List<String> tactics = lexicons.sections().values().stream().filter(s -> s.kind() == Section.Kind.TACTIC)
                .map(Section::id).filter(id -> scan.count(id) > 0).sorted().toList();
        long pressing = tactics.stream().filter(id -> !id.equals("link_prompt")).count();
        boolean chained = CHAINS.stream().anyMatch(single::containsAll);
        boolean partStory = scripts.isEmpty() && (!single.isEmpty() && pressing >= 2 || single.size() >= 2 && pressing >= 1
                || single.size() >= 3 || chained);
        if (partStory) {
            // a phrase of a scam's story, pressed home: one script cue with two tactics, or phrases of two scripts with one;
            // or two steps of one scam's chain (a wrong-number opener and crypto), which need no pressure
            findings.add(new Finding(tool, PART_STORY, "It uses phrases of " + single.stream().map(id -> lexicons.section(id).title())
                    .limit(2).collect(Collectors.joining(", and of ")) + " (" + quote(single.stream()
                    .flatMap(id -> scan.hits(id).stream()).toList()) + ")" + (pressing > 0 ? " together with pressure to act."
                    : ": steps of one scam's story."),
                    "text:" + single.get(0)));
            single.clear();
        }
        boolean pressure = !scripts.isEmpty() || partStory || otherSignals || tactics.size() >= 3
                || tactics.contains("credentials") && (tactics.contains("threat") || tactics.contains("deadline"));
        for (String id : tactics) {
            Section section = lexicons.section(id);
            String seen = quote(scan.hits(id));
            if (pressure && !(id.equals("link_prompt") && scripts.isEmpty() && !otherSignals)) {
                findings.add(new Finding(tool, TACTIC_WEIGHTS.getOrDefault(id, 10), "It " + section.title() + ": " + seen + ".",
                        "text:" + id));
            } else {
                findings.add(new Finding(tool, 0, "It " + section.title() + " (" + seen
                        + "), which on its own is no sign of a scam.", "text:" + id));
            }
        }
        for (String id : single) {
            findings.add(new Finding(tool, 0, "It has a phrase used in " + lexicons.section(id).title() + " ("
                    + quote(scan.hits(id)) + "), but nothing else of that story.", "text:" + id));
        }
        List<String> counted = pressure ? tactics : List.of();
        return new Weighed(findings, List.copyOf(scripts), counted);
    }

    /**
     * Whether the message asks something of the person in a scam's words: a script's story, a script's phrase with
     * a pressure tactic, a request for codes or details, a threat, secrecy, or a payment with a deadline. A link to
     * an unknown website in such a message is a signal.
     */
    public static boolean asks(TextScan scan, Lexicons lexicons) {
        boolean story = false;
        boolean anyTactic = false;
        for (Section section : lexicons.sections().values()) {
            int n = scan.count(section.id());
            story |= section.kind() == Section.Kind.SCRIPT && n >= 2;
            anyTactic |= section.kind() == Section.Kind.TACTIC && n > 0 && !section.id().equals("link_prompt");
        }
        boolean storyCue = lexicons.sections().values().stream()
                .anyMatch(s -> s.kind() == Section.Kind.SCRIPT && scan.count(s.id()) > 0);
        // a payment request alone is what every genuine bill says; with a deadline, or a scam's phrase, it is pressure
        return story || storyCue && anyTactic || THREATENING.stream().anyMatch(id -> scan.count(id) > 0)
                || scan.count("payment") > 0 && scan.count("deadline") > 0;
    }

    private static String quote(List<CueHit> hits) {
        List<String> quoted = hits.stream().map(h -> "\u201C" + clip(h.seen()) + "\u201D").distinct().limit(3).toList();
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return quoted.subList(0, quoted.size() - 1).stream().collect(Collectors.joining(", ")) + " and " + quoted.get(quoted.size() - 1);
    }

    private static String clip(String seen) {
        return seen.length() <= 60 ? seen : seen.substring(0, 57) + "...";
    }
}
