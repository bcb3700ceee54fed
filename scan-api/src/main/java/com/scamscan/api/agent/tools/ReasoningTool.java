package com.scamscan.api.agent.tools;

import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.signals.Advice;
import com.scamscan.api.agent.signals.Section;
import com.scamscan.api.agent.signals.TextEvidence;
import com.scamscan.api.agent.signals.TextScan;
import com.scamscan.api.agent.signals.TextSignals;
import com.scamscan.api.agent.text.Lookalikes;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Weighs the evidence into a verdict, transparently (docs/scoring.md): the score is the sum of the signals'
 * weights, kept within 0-100; 60 and above is {@code scam}, 25 and above {@code suspicious}; below that a message
 * with any scam signal is still {@code suspicious} ("no strong warning signs, stay careful"), and only a message
 * without any signal is {@code likely_safe}. Every signal becomes a reason naming what was seen; notes (seen, but
 * no evidence) and advice travel with the verdict. When a language model is configured, its explanation is
 * added; it never changes the score.
 */
@Singleton
public class ReasoningTool implements AgentTool {

    public static final int SCAM = 60;
    public static final int SUSPICIOUS = 25;
    /** A link to a website no listed company owns, in a message that asks for money, codes or details. */
    static final int UNKNOWN_LINK_WEIGHT = 20;
    /** The most read text a verdict carries (a screenshot's worth; the event stays small). */
    static final int MAX_TEXT_CHARS = 4000;
    static final int MAX_ADVICE = 5;
    /** A phrase of a stranger's chat ({@link #STRANGER_SCRIPTS}) in a message whose sender is a bare number (no saved contact). */
    static final int STRANGER_OPENER = 25;
    /**
     * Scripts that a stranger's personal number tells: the "wrong number" opener and what it turns into (romance,
     * investment, a task job), a relative "on a new number", the boss who wants gift cards, and a bank, customs office
     * or support desk, which text from a name or a short code, never from somebody's mobile. One phrase of them from a
     * number the person has not saved is how those scams begin. Not the scripts whose single phrases genuine senders
     * with numbers use every day (a courier driver's "redelivery", a friend's "congratulations").
     */
    static final List<String> STRANGER_SCRIPTS = List.of("wrong_number", "romance", "crypto", "job", "family", "gift_card", "bank",
            "customs", "tech_support");
    /**
     * A phone number as the conversation's title: a chat app shows a saved contact's name there instead. OCR reads
     * the title's {@code +} as a digit or a symbol, or drops it, and WhatsApp cuts a long number short with "...":
     * so a {@code +} and 7 digits, or, when the number is most of the line, 9 to 15 digits however written or 6 digits
     * and the cut.
     */
    private static final java.util.regex.Pattern HEADER_NUMBER = java.util.regex.Pattern.compile("\\+? ?\\(?\\d[\\d ().-]*\\d(\\.\\.)?");
    private static final int HEADER_LINES = 4;

    static final String SUMMARY_SCAM = "This is very likely a scam. Do not reply, tap its links, call its numbers or pay.";
    static final String SUMMARY_SUSPICIOUS = "This looks like a scam: treat it as one until you have checked with the company yourself.";
    static final String SUMMARY_WEAK = "No strong warning signs \u2014 stay careful: what is listed below is worth a second look.";
    static final String SUMMARY_SAFE = "No warning signs found in this message.";

    private final LlmExplainer explainer;
    private final TextSignals signals;
    private final Advice advice;

    public ReasoningTool(LlmExplainer explainer, TextSignals signals) {
        this.explainer = explainer;
        this.signals = signals;
        this.advice = Advice.load();
    }

    @Override
    public Step step() {
        return Step.REASONING;
    }

    @Override
    public String startMessage() {
        return "Weighing the evidence...";
    }

    @Override
    public String run(Analysis analysis) {
        String text = analysis.allText();
        TextScan scan = analysis.textScan(signals);
        if ("und".equals(analysis.language())) {
            analysis.language(scan.language());
        }
        if (TextEvidence.asks(scan, signals.lexicons())) {
            unknownLink(analysis, analysis.findings()).ifPresent(analysis::add);
        }
        boolean otherSignals = analysis.findings().stream().anyMatch(Finding::isSignal);
        TextEvidence.Weighed text1 = TextEvidence.weigh(scan, signals.lexicons(), otherSignals, name());
        boolean stranger = text1.scripts().isEmpty() && fromUnsavedNumber(analysis.readText());
        boolean strangerSeen = false;
        for (Finding finding : text1.findings()) {
            String script = finding.topic().startsWith("text:") ? finding.topic().substring(5) : "";
            if (stranger && !strangerSeen && finding.isNote() && STRANGER_SCRIPTS.contains(script) && scan.count(script) == 1) {
                // one phrase of a stranger's script (small talk, love, crypto, "Hi Mum", "your bank") from a number the
                // person has not saved: how those scams begin
                strangerSeen = true;
                String seen = scan.hits(script).get(0).seen();
                analysis.add(new Finding(name(), STRANGER_OPENER, script.equals("wrong_number")
                        ? "It comes from a number that is not in your contacts and opens with the small talk of a \"wrong number\" scam ("
                        + seen + ")."
                        : "It comes from a number that is not in your contacts and has a phrase of " + signals.lexicons().section(script)
                        .title() + " (" + seen + ").", finding.topic()));
            } else {
                analysis.add(finding);
            }
        }
        List<Finding> found = analysis.findings();

        List<Finding> weighed = found.stream().filter(f -> !f.isNote())
                .sorted(Comparator.comparingInt(Finding::weight).reversed()).toList();
        boolean anySignal = weighed.stream().anyMatch(Finding::isSignal);
        int score = Math.max(0, Math.min(100, weighed.stream().mapToInt(Finding::weight).sum()));
        VerdictLabel label = score >= SCAM ? VerdictLabel.SCAM
                : score >= SUSPICIOUS || anySignal ? VerdictLabel.SUSPICIOUS : VerdictLabel.LIKELY_SAFE;
        String summary = switch (label) {
            case SCAM -> SUMMARY_SCAM;
            case SUSPICIOUS -> score >= SUSPICIOUS ? SUMMARY_SUSPICIOUS : SUMMARY_WEAK;
            case LIKELY_SAFE -> SUMMARY_SAFE;
        };
        List<String> reasons = weighed.stream().filter(Finding::isSignal).map(Finding::reason).distinct().toList();
        List<String> notes = new ArrayList<>();
        weighed.stream().filter(f -> !f.isSignal()).map(Finding::reason).forEach(notes::add);
        found.stream().filter(Finding::isNote).map(Finding::reason).distinct().forEach(notes::add);
        List<String> todo = advise(label, analysis, weighed, text1);
        String read = analysis.readText().strip();
        if (read.length() > MAX_TEXT_CHARS) {
            read = read.substring(0, MAX_TEXT_CHARS) + "\u2026";
        }
        String language = "und".equals(analysis.language()) ? null : analysis.language();
        Verdict verdict = new Verdict(label, score, reasons, analysis.entities(), null, summary, todo, notes,
                read.isEmpty() ? null : read, language);
        analysis.verdict(explainer.explain(verdict, text).map(verdict::withExplanation).orElse(verdict));
        return "Verdict: " + label.wireName().replace('_', ' ') + " (score " + score + ")";
    }

    /**
     * Whether the screenshot's conversation is with a bare number rather than a saved contact: an international
     * number among the first lines OCR read (the app's title bar), where a contact's name would be.
     */
    static boolean fromUnsavedNumber(String readText) {
        return readText.lines().filter(line -> !line.isBlank()).limit(HEADER_LINES).anyMatch(ReasoningTool::holdsPhoneNumber);
    }

    private static boolean holdsPhoneNumber(String line) {
        java.util.regex.Matcher number = HEADER_NUMBER.matcher(line);
        long alphanumerics = line.chars().filter(Character::isLetterOrDigit).count();
        while (number.find()) {
            String seen = number.group();
            long digits = seen.chars().filter(Character::isDigit).count();
            if (seen.startsWith("+") && digits >= 7) {
                return true;
            }
            // without its +, a number is the title only when it is most of the line: a tracking or order number in the
            // message's first line is not (and a phone number has at most 15 digits)
            boolean title = digits >= 0.6 * alphanumerics;
            if (title && (digits >= 9 && digits <= 15 || digits >= 6 && seen.endsWith(".."))) {
                return true;
            }
        }
        return false;
    }

    /** A link to a website that no listed brand owns and no other check flagged. */
    private java.util.Optional<Finding> unknownLink(Analysis analysis, List<Finding> found) {
        for (String domain : analysis.entities().domains()) {
            if (analysis.entities().emails().stream().anyMatch(e -> e.endsWith("@" + domain))) {
                continue;
            }
            boolean flagged = found.stream().anyMatch(f -> f.isSignal() && Finding.LINK.equals(f.topic()) && f.reason().contains(domain));
            if (flagged || official(domain)) {
                continue;
            }
            return java.util.Optional.of(new Finding(name(), UNKNOWN_LINK_WEIGHT, "It asks you to act, and its link goes to "
                    + domain + ", a website that does not belong to any company we know.", Finding.LINK));
        }
        return java.util.Optional.empty();
    }

    private static boolean official(String domain) {
        return Lookalikes.officialBrandOf(domain).isPresent();
    }

    private List<String> advise(VerdictLabel label, Analysis analysis, List<Finding> weighed, TextEvidence.Weighed text) {
        Set<String> todo = new LinkedHashSet<>();
        if (label == VerdictLabel.LIKELY_SAFE) {
            todo.add(advice.of("careful"));
            return List.copyOf(todo);
        }
        for (String script : text.scripts()) {
            Section section = signals.lexicons().section(script);
            todo.addAll(section.advice());
        }
        if (!analysis.entities().urls().isEmpty() || !analysis.entities().domains().isEmpty()
                || weighed.stream().anyMatch(f -> f.isSignal() && Finding.LINK.equals(f.topic()))) {
            todo.add(advice.of("link"));
        }
        if (!analysis.entities().phones().isEmpty()) {
            todo.add(advice.of("phone"));
        }
        if (!analysis.entities().emails().isEmpty()) {
            todo.add(advice.of("email"));
        }
        for (String tactic : text.tactics()) {
            if (tactic.equals("payment")) {
                todo.add(advice.of("payment"));
            } else {
                todo.addAll(signals.lexicons().section(tactic).advice());
            }
        }
        List<String> list = new ArrayList<>(todo);
        if (list.size() >= MAX_ADVICE) {
            list = new ArrayList<>(list.subList(0, MAX_ADVICE - 1));
        }
        list.add(advice.report(analysis.region()));
        return List.copyOf(list);
    }
}
