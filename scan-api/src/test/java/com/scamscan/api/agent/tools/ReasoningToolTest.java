package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.scan.ImageType;
import com.scamscan.progress.Entities;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningToolTest {

    private final ReasoningTool tool = new ReasoningTool(new LlmExplainer(
            new LlmExplainer.Settings("", "", "m", Duration.ofSeconds(1)), ObjectMapper.getDefault()));

    @Test
    void strongEvidenceIsAScamAndEveryFindingIsAReasonStrongestFirst() {
        Analysis analysis = analysis("Hello");
        analysis.add(new Finding("domain_reputation", 45, "paypa1.com imitates PayPal (paypal.com)"));
        analysis.add(new Finding("scam_db", 70, "The link https://paypa1.com/x is on a phishing or malware feed"));
        tool.run(analysis);
        Verdict verdict = analysis.verdict();
        assertEquals(VerdictLabel.SCAM, verdict.label());
        assertEquals(100, verdict.score(), "the score is capped at 100");
        assertEquals(List.of("The link https://paypa1.com/x is on a phishing or malware feed",
                "paypa1.com imitates PayPal (paypal.com)"), verdict.reasons());
        assertNull(verdict.explanation());
    }

    @Test
    void scamWordingAloneIsSuspicious() {
        Analysis analysis = analysis("URGENT: your account is suspended. Verify your account to avoid legal action.");
        assertEquals("Verdict: suspicious (score 35)", tool.run(analysis));
        assertEquals(List.of("The message uses a request for credentials", "The message uses urgency",
                "The message uses a threat"), analysis.verdict().reasons());
    }

    @Test
    void nothingFoundIsLikelySafe() {
        Analysis analysis = analysis("See you at dinner tonight!");
        tool.run(analysis);
        assertEquals(new Verdict(VerdictLabel.LIKELY_SAFE, 0,
                List.of("No links, addresses or phone numbers, and no scam wording"), Entities.none()), analysis.verdict());
    }

    @Test
    void reassuranceCannotMakeTheScoreNegative() {
        Analysis analysis = analysis("Your receipt from paypal.com");
        analysis.add(new Finding("domain_reputation", -10, "paypal.com belongs to PayPal"));
        tool.run(analysis);
        assertEquals(0, analysis.verdict().score());
        assertEquals(VerdictLabel.LIKELY_SAFE, analysis.verdict().label());
    }

    private static Analysis analysis(String text) {
        return new Analysis("t1", new byte[0], ImageType.PNG, text, "US");
    }
}
