package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.signals.TextSignals;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.progress.Entities;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningToolTest {

    private static final TextSignals SIGNALS = new TextSignals();

    private final ReasoningTool tool = new ReasoningTool(new LlmExplainer(
            new LlmExplainer.Settings(false, "", "", "m", Duration.ofSeconds(1)), ObjectMapper.getDefault()), SIGNALS);

    @Test
    void strongEvidenceIsAScamAndEveryFindingIsAReasonStrongestFirst() {
        Analysis analysis = analysis("Hello");
        analysis.add(new Finding("domain_reputation", 45, "paypa1.com imitates PayPal (paypal.com)", Finding.LINK));
        analysis.add(new Finding("scam_db", 70, "The link https://paypa1.com/x is on a phishing or malware feed", Finding.LINK));
        tool.run(analysis);
        Verdict verdict = analysis.verdict();
        assertEquals(VerdictLabel.SCAM, verdict.label());
        assertEquals(100, verdict.score(), "the score is capped at 100");
        assertEquals(List.of("The link https://paypa1.com/x is on a phishing or malware feed",
                "paypa1.com imitates PayPal (paypal.com)"), verdict.reasons());
        assertEquals(ReasoningTool.SUMMARY_SCAM, verdict.summary());
        assertNull(verdict.explanation());
    }

    @Test
    void aScriptWithTwoOfItsOwnCuesIsSuspiciousWithoutAnyLinkOrNumber() {
        Analysis analysis = analysis("Hi Mum, this is my new number, my old phone is broken. Save this number x");
        tool.run(analysis);
        Verdict verdict = analysis.verdict();
        assertEquals(VerdictLabel.SUSPICIOUS, verdict.label(), verdict.toString());
        assertTrue(verdict.reasons().get(0).startsWith("It reads like the \"Hi Mum / Dad, new number\" scam"), verdict.reasons().toString());
        assertTrue(verdict.advice().contains("Call your family member on the number you already have before you send any money."),
                verdict.advice().toString());
    }

    @Test
    void aParcelFeeTextWithADeadlineIsAScamEvenWithoutAListedLink() {
        Analysis analysis = analysis("Evri: we could not deliver your parcel due to an unpaid re-delivery fee of £1.45. "
                + "Pay within 12 hours or it will be returned to sender.");
        tool.run(analysis);
        Verdict verdict = analysis.verdict();
        assertEquals(VerdictLabel.SCAM, verdict.label(), verdict.toString());
        assertTrue(verdict.reasons().stream().anyMatch(r -> r.contains("within 12 hours")), verdict.reasons().toString());
    }

    @Test
    void aLoneTacticIsANoteNotASignal() {
        Analysis analysis = analysis("Your EDF bill of £84.32 is ready. Please pay the outstanding balance by 12 December.");
        tool.run(analysis);
        Verdict verdict = analysis.verdict();
        assertEquals(VerdictLabel.LIKELY_SAFE, verdict.label(), verdict.toString());
        assertEquals(List.of(), verdict.reasons());
        assertTrue(verdict.notes().stream().anyMatch(n -> n.contains("no sign of a scam")), verdict.notes().toString());
    }

    @Test
    void aGenuineWarningDoesNotCountAgainstTheMessage() {
        Analysis analysis = analysis("Your verification code is 482913. Never share this code with anyone. "
                + "We will never ask you for your PIN or password. If you didn't request this code, ignore this message.");
        tool.run(analysis);
        assertEquals(VerdictLabel.LIKELY_SAFE, analysis.verdict().label(), analysis.verdict().toString());
    }

    @Test
    void aWeakSignalAloneIsSuspiciousWithTheCarefulSummary() {
        Analysis analysis = analysis("See you at dinner");
        analysis.add(new Finding("domain_reputation", 15, "shop.top uses .top, a top-level domain common in scams", Finding.LINK));
        tool.run(analysis);
        assertEquals(VerdictLabel.SUSPICIOUS, analysis.verdict().label());
        assertEquals(ReasoningTool.SUMMARY_WEAK, analysis.verdict().summary());
    }

    @Test
    void nothingFoundIsLikelySafeWithAdviceAndTheReadText() {
        Analysis analysis = analysis("See you at dinner tonight!");
        analysis.readText("See you at dinner tonight!");
        tool.run(analysis);
        Verdict verdict = analysis.verdict();
        assertEquals(VerdictLabel.LIKELY_SAFE, verdict.label());
        assertEquals(0, verdict.score());
        assertEquals(List.of(), verdict.reasons());
        assertEquals(ReasoningTool.SUMMARY_SAFE, verdict.summary());
        assertEquals("See you at dinner tonight!", verdict.text());
        assertEquals("en", verdict.language());
        assertEquals(1, verdict.advice().size());
        assertEquals(Entities.none(), verdict.entities());
    }

    @Test
    void aWrongNumberOpenerFromABareNumberIsSuspiciousButFromASavedContactItIsNot() {
        Analysis stranger = analysis("");
        stranger.readText("9:41\n+1 (415) 555-0107\nToday 9:38\nHi, is this Mrs Carter?");
        tool.run(stranger);
        assertEquals(VerdictLabel.SUSPICIOUS, stranger.verdict().label(), stranger.verdict().toString());
        assertTrue(stranger.verdict().reasons().get(0).startsWith("It comes from a number that is not in your contacts"));
        Analysis contact = analysis("");
        contact.readText("9:41\nLinda Carter\nToday 9:38\nHi, is this Mrs Carter?");
        tool.run(contact);
        assertEquals(VerdictLabel.LIKELY_SAFE, contact.verdict().label(), contact.verdict().toString());
    }

    @Test
    void aWrongNumberOpenerThatTurnsToCryptoIsSuspiciousEvenFromASavedContact() {
        Analysis chained = fromContact("Oh sorry, wrong number! By the way, do you invest in bitcoin?");
        tool.run(chained);
        assertEquals(VerdictLabel.SUSPICIOUS, chained.verdict().label(), chained.verdict().toString());
        assertTrue(chained.verdict().reasons().get(0).contains("steps of one scam's story"), chained.verdict().reasons().toString());
        for (String half : List.of("Oh sorry, wrong number!", "By the way, do you invest in bitcoin?")) {
            Analysis alone = fromContact(half);
            tool.run(alone);
            assertEquals(VerdictLabel.LIKELY_SAFE, alone.verdict().label(), alone.verdict().toString());
        }
    }

    @Test
    void aPartnerWhoMissesYouIsNoScamButLoveWithAFeeIs() {
        Analysis partner = fromContact("Miss you so much already! Can't wait to see you on Friday, my love.");
        tool.run(partner);
        assertEquals(VerdictLabel.LIKELY_SAFE, partner.verdict().label(), partner.verdict().toString());
        Analysis romance = fromContact("My love, I can't wait to see you. But I am stuck at the airport and they want the visa fees first.");
        tool.run(romance);
        assertEquals(VerdictLabel.SUSPICIOUS, romance.verdict().label(), romance.verdict().toString());
        assertTrue(romance.verdict().reasons().get(0).startsWith("It reads like the romance scam"), romance.verdict().reasons().toString());
    }

    @Test
    void loveOrCryptoTalkFromABareNumberIsSuspicious() {
        for (String message : List.of("Good morning my love, I dreamt about you again", "Do you know anything about USDT?")) {
            Analysis stranger = analysis("");
            stranger.readText("9:41\n+44 7700 900452\nToday 9:38\n" + message);
            tool.run(stranger);
            assertEquals(VerdictLabel.SUSPICIOUS, stranger.verdict().label(), stranger.verdict().toString());
            assertTrue(stranger.verdict().reasons().get(0).startsWith("It comes from a number that is not in your contacts and has a phrase of"),
                    stranger.verdict().reasons().toString());
            Analysis contact = fromContact(message);
            tool.run(contact);
            assertEquals(VerdictLabel.LIKELY_SAFE, contact.verdict().label(), contact.verdict().toString());
        }
    }

    @Test
    void theTitleBarNumberIsRecognisedTheWayOcrReadsIt() {
        // the + read as a digit or a symbol, a long number cut short by WhatsApp, or written in full
        for (String title : List.of("© (@ 134655812047 m co", "< S 44915173... Me", "+4477009.. @e", "+1 (415) 555-0107 >",
                "< 3 +44 7700 900244 YQ")) {
            assertTrue(ReasoningTool.fromUnsavedNumber("9:41\n" + title + "\nToday"), title);
        }
        // a saved contact, a shortcode, a sender ID, the clock and the date are not a bare number
        // nor is a tracking or order number in the message's first line
        for (String title : List.of("Lena", "73981", "JD-HDFCBK", "Alex \u2764 >", "Today 7:39 PM", "Aujourd'hui - 18:02", "10:27 al %",
                "DHL: F\u00fcr Ihre Sendung 00340434161234567890", "Your order 123456789012 has shipped")) {
            assertTrue(!ReasoningTool.fromUnsavedNumber("9:41\n" + title + "\nToday"), title);
        }
    }

    @Test
    void aRenewalInvoiceWithANumberToCallToCancelIsTheTechSupportScript() {
        Analysis scam = fromContact("Thank you for renewing your Geek Squad Protection plan. Order total: £289.99. If you did not "
                + "authorise this renewal, please call our billing team on 020 3769 5501 within 24 hours to cancel.");
        tool.run(scam);
        assertTrue(scam.verdict().reasons().get(0).startsWith("It reads like the fake tech-support call"), scam.verdict().toString());
        Analysis genuine = fromContact("Your Norton 360 subscription will renew on December 3 for $99.99 using your saved card. "
                + "You can turn off automatic renewal at any time in your account at my.norton.com.");
        tool.run(genuine);
        assertEquals(VerdictLabel.LIKELY_SAFE, genuine.verdict().label(), genuine.verdict().toString());
    }

    @Test
    void aBankAlertThatAsksYouToCallTheNumberItGivesIsTheBankScript() {
        Analysis scam = analysis("Barclays: A payment of £849.99 to J Morgan was attempted from your account. "
                + "If this was not you, call us on 0345 734 5345.");
        tool.run(scam);
        assertEquals(VerdictLabel.SUSPICIOUS, scam.verdict().label(), scam.verdict().toString());
        Analysis genuine = analysis("HSBC: A payment of £45.00 to TESCO STORES was made from your account ending 1234. "
                + "If you don't recognise it, call the number on the back of your card.");
        tool.run(genuine);
        assertEquals(VerdictLabel.LIKELY_SAFE, genuine.verdict().label(), genuine.verdict().toString());
    }

    @Test
    void reassuranceCannotMakeTheScoreNegative() {
        Analysis analysis = analysis("Your receipt from paypal.com");
        analysis.add(new Finding("domain_reputation", -10, "paypal.com belongs to PayPal", Finding.LINK));
        tool.run(analysis);
        assertEquals(0, analysis.verdict().score());
        assertEquals(VerdictLabel.LIKELY_SAFE, analysis.verdict().label());
    }

    /** A chat with a saved contact: the title bar shows a name, not a number. */
    private static Analysis fromContact(String message) {
        Analysis analysis = analysis("");
        analysis.readText("9:41\nSam\nToday 9:38\n" + message);
        return analysis;
    }

    private static Analysis analysis(String text) {
        return new Analysis("t1", new ScanInput(new byte[0], ImageType.PNG, text, "GB"));
    }
}
