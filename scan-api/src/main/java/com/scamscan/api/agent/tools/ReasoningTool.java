package com.scamscan.api.agent.tools;

import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import java.util.regex.Pattern;

/**
 * Weighs the evidence into a verdict, transparently: the score is the sum of the findings' weights (plus the
 * message's own wording), kept within 0-100; 60 and above is {@code scam}, 25 and above {@code suspicious},
 * below that {@code likely_safe}. Every finding becomes a reason the person can check. When a language model
 * is configured, its plain-words explanation is added; it never changes the score.
 */
@Singleton
public class ReasoningTool implements AgentTool {

    public static final int SCAM = 60;
    public static final int SUSPICIOUS = 25;

    /** Wording scammers lean on, each family counted once. */
    private static final List<Cue> CUES = List.of(
            new Cue(10, "urgency", "(?i)\\b(urgent|immediately|within 24 hours|final notice|last chance|act now|expires? today)\\b"),
            new Cue(10, "a threat", "(?i)\\b(suspended|locked|blocked|disabled|legal action|arrest|penalt(y|ies))\\b"),
            new Cue(10, "a request for payment", "(?i)(unpaid|outstanding|redelivery fee|customs fee|pay (now|the)|\\$\\d+(\\.\\d\\d)?\\s*fee|gift ?cards?)"),
            new Cue(15, "a request for credentials", "(?i)\\b(verify your (account|identity)|confirm your (details|password|card)|log ?in to|update your (payment|billing))\\b"),
            new Cue(10, "a prize", "(?i)\\b(you('ve| have) won|winner|claim your (prize|reward|refund))\\b"));

    private record Cue(int weight, String what, Pattern pattern) {
        Cue(int weight, String what, String regex) {
            this(weight, what, Pattern.compile(regex));
        }
    }

    private final LlmExplainer explainer;

    public ReasoningTool(LlmExplainer explainer) {
        this.explainer = explainer;
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
        for (Cue cue : CUES) {
            if (cue.pattern().matcher(text).find()) {
                analysis.add(new Finding(name(), cue.weight(), "The message uses " + cue.what()));
            }
        }
        List<Finding> findings = new ArrayList<>(analysis.findings());
        findings.sort(Comparator.comparingInt(Finding::weight).reversed());
        int score = Math.max(0, Math.min(100, findings.stream().mapToInt(Finding::weight).sum()));
        VerdictLabel label = score >= SCAM ? VerdictLabel.SCAM : score >= SUSPICIOUS ? VerdictLabel.SUSPICIOUS : VerdictLabel.LIKELY_SAFE;
        List<String> reasons = new ArrayList<>();
        for (Finding finding : findings) {
            reasons.add(finding.reason());
        }
        if (reasons.isEmpty()) {
            reasons.add(analysis.entities().urls().isEmpty() && analysis.entities().phones().isEmpty()
                    && analysis.entities().emails().isEmpty()
                    ? "No links, addresses or phone numbers, and no scam wording"
                    : "Nothing found points to a scam");
        }
        Verdict verdict = new Verdict(label, score, reasons, analysis.entities());
        analysis.verdict(explainer.explain(verdict, text).map(explanation ->
                new Verdict(label, score, reasons, analysis.entities(), explanation)).orElse(verdict));
        return "Verdict: " + label.wireName().replace('_', ' ') + " (score " + score + ")";
    }

}
