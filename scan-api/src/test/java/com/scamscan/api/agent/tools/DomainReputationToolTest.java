package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.links.RedirectStub;
import com.scamscan.api.agent.text.EntityExtractor;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import io.micronaut.serde.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainReputationToolTest {

    private final DomainReputationTool tool = new DomainReputationTool(
            new RdapClient(new RdapClient.Settings(false, "http://unused", Duration.ofSeconds(1)), ObjectMapper.getDefault(), Clock.systemUTC()));

    // --- a brand's name with scam words, in a subdomain, in a path

    @Test
    void parcelFeeTextNamingEvriWithABrandPlusKeywordDomain() {
        assertEquals(List.of(new Finding("domain_reputation", 40, "The message says it is from Evri, but the link goes to "
                        + "evri-parcel-redelivery.info, which is not Evri's website (evri.com)", Finding.LINK)),
                pasted("Evri: we could not deliver your parcel. Pay the £1.45 redelivery fee at evri-parcel-redelivery.info"));
    }

    @Test
    void brandPlusKeywordDomainsWithoutTheBrandNamed() {
        assertEquals(List.of("40 royalmail-redelivery-uk.info uses the name Royal Mail but is not Royal Mail's website (royalmail.com)"),
                summary(pasted("Your parcel is waiting, book a new slot: royalmail-redelivery-uk.info")));
        assertEquals(List.of("40 hmrc-taxrefund.com uses the name HMRC but is not HMRC's website (www.gov.uk)"),
                summary(pasted("You are owed a refund of 326.40 GBP, claim at https://hmrc-taxrefund.com/claim")));
    }

    @Test
    void oneFindingForTheStrongestReasonPlusTheIndependentTld() {
        assertEquals(List.of("40 The message says it is from Evri, but the link goes to evri-parcel-redelivery.top, which is not "
                        + "Evri's website (evri.com)", "15 evri-parcel-redelivery.top uses .top, a top-level domain common in scams"),
                summary(pasted("EVRI: pay the redelivery fee at https://evri-parcel-redelivery.top/pay")));
    }

    @Test
    void brandAsASubdomainOfSomethingElse() {
        assertEquals(List.of("40 paypal.com.account-verify.xyz puts PayPal in front of the unrelated website account-verify.xyz; "
                        + "PayPal's website is paypal.com", "15 paypal.com.account-verify.xyz uses .xyz, a top-level domain common in scams"),
                summary(tool.judge("paypal.com.account-verify.xyz", false)));
    }

    @Test
    void brandInThePathOfAnUnrelatedDomain() {
        assertEquals(List.of("40 The link cheap-hosting.net/paypal/login puts PayPal in the address, but goes to cheap-hosting.net, "
                        + "which is not PayPal's website (paypal.com)"),
                summary(pasted("Your account is limited: https://cheap-hosting.net/paypal/login")));
    }

    // --- lookalikes

    @Test
    void lookalikeLettersAndMisspellings() {
        assertEquals(List.of("45 paypa1.com imitates PayPal's website (paypal.com) by swapping in look-alike letters"),
                summary(tool.judge("paypa1.com", false)));
        assertEquals(List.of("45 The message says it is from PayPal, but the link goes to paypa1.com, which imitates PayPal's "
                + "website (paypal.com) by swapping in look-alike letters"), summary(pasted("PayPal: confirm your details at paypa1.com")));
        assertEquals(List.of("45 The message says it is from Amazon, but the link goes to amazom.com, which imitates Amazon's "
                + "website (amazon.com) with a small change to the spelling"), summary(pasted("Amazon: your parcel is held, see amazom.com")));
        assertEquals(List.of("45 wellsfarqo.com imitates Wells Fargo's website (wellsfargo.com) with a small change to the spelling"),
                summary(tool.judge("wellsfarqo.com", false)));
    }

    @Test
    void punycodeLookalikeGetsTheLookalikeAndThePunycodeFinding() {
        assertEquals(List.of("45 xn--pypal-4ve.com imitates PayPal's website (paypal.com) with letters from another alphabet (pаypal.com)",
                        "25 xn--pypal-4ve.com is an internationalised name (pаypal.com) that can hide lookalike letters"),
                summary(tool.judge("xn--pypal-4ve.com", false)));
    }

    // --- a brand named, the link elsewhere or shortened

    @Test
    void bankScamNamingTheBrandButLinkingElsewhere() {
        assertEquals(List.of("35 The message says it is from Chase, but the link goes to secure-alerts-center.net, which is not "
                        + "Chase's website (chase.com)"),
                summary(pasted("Chase: unusual sign-in detected. Verify now at https://secure-alerts-center.net/verify")));
    }

    @Test
    void shortenedLinkInAMessageNamingABrand() {
        assertEquals(List.of("35 The message says it is from Amazon, but its link bit.ly/3abcXYZ goes through a link shortener "
                        + "that hides the real address (Amazon's website is amazon.com)"),
                summary(pasted("Amazon: your order is on hold, confirm at https://bit.ly/3abcXYZ")));
        assertEquals(List.of("35 The message says it is from USPS, but its link tinyurl.com/usps-pkg goes through a link shortener "
                        + "that hides the real address (USPS's website is usps.com)"),
                summary(pasted("USPS: package cannot be delivered tinyurl.com/usps-pkg")));
    }

    @Test
    void shortenedLinkAloneIsOnlyANote() {
        assertEquals(List.of("0 bit.ly is a link shortener: the real address is hidden"),
                summary(pasted("the photos from saturday: https://bit.ly/3abcXYZ")));
    }

    @Test
    void shortenedLinksAreFollowedWhenEnabledAndTheirEndJudged() {
        try (RedirectStub stub = new RedirectStub()) {
            DomainReputationTool following = new DomainReputationTool(new RdapClient(new RdapClient.Settings(false, "http://unused",
                    Duration.ofSeconds(1)), ObjectMapper.getDefault(), Clock.systemUTC()), stub.expander(5, Duration.ofSeconds(3)));
            String scam = stub.url("bit.ly", "/to?" + java.net.URLEncoder.encode(stub.url("evri-parcel-redelivery.info", "/pay"),
                    java.nio.charset.StandardCharsets.UTF_8));
            Analysis analysis = analysis("Evri: pay the redelivery fee at " + scam);
            following.run(analysis);
            String shown = scam.substring("http://".length());
            assertEquals(List.of("40 " + shown + " leads to evri-parcel-redelivery.info: The message says it is from Evri, but the link "
                    + "goes to evri-parcel-redelivery.info, which is not Evri's website (evri.com)"), summary(analysis.findings()));

            String genuine = stub.url("bit.ly", "/to?" + java.net.URLEncoder.encode(stub.url("www.evri.com", "/track"),
                    java.nio.charset.StandardCharsets.UTF_8));
            Analysis real = analysis("Evri: track your parcel " + genuine);
            following.run(real);
            assertEquals(List.of("-10 " + genuine.substring("http://".length()) + " leads to www.evri.com: www.evri.com belongs to Evri"),
                    summary(real.findings()));
            assertTrue(stub.received().stream().allMatch(r -> r.method().equals("HEAD")));
        }
    }

    @Test
    void aShortenedLinkThatCannotBeFollowedStaysAShortener() {
        try (RedirectStub stub = new RedirectStub()) {
            DomainReputationTool following = new DomainReputationTool(new RdapClient(new RdapClient.Settings(false, "http://unused",
                    Duration.ofSeconds(1)), ObjectMapper.getDefault(), Clock.systemUTC()), stub.expander(1, Duration.ofSeconds(3)));
            Analysis analysis = analysis("Amazon: confirm at " + stub.url("bit.ly", "/hops/4"));
            following.run(analysis);
            assertEquals(1, analysis.findings().size(), analysis.findings().toString());
            assertEquals(35, analysis.findings().get(0).weight(), "too many redirects: judged as the shortener it is");
        }
    }

    @Test
    void bareIpAddress() {
        assertEquals(List.of("30 The link http://192.0.2.7/login points at a bare IP address (192.0.2.7) instead of a name"),
                summary(pasted("Log in at http://192.0.2.7/login")));
    }

    // --- genuine messages and real words

    @Test
    void genuineMessagesLinkingTheBrandsOwnDomainGetNoSignal() {
        assertEquals(List.of("-10 www.evri.com belongs to Evri"), summary(pasted("Evri: track your parcel at https://www.evri.com/track/H01")));
        assertEquals(List.of("-10 www.tax.service.gov.uk belongs to HMRC"),
                summary(pasted("HMRC: your tax return is due, see https://www.tax.service.gov.uk/account")));
        List<Finding> fromScreenshot = screenshot("Evri: track your parcel at https://www.evri.com/track/H01");
        assertEquals(1, fromScreenshot.size());
        assertEquals(0, fromScreenshot.get(0).weight(), "OCR reads evr1.com as evri.com: no reassurance from a screenshot");
    }

    @Test
    void aBrandsAddressWhereAnyoneCanPublishDoesNotSpeakForTheMessage() {
        assertEquals(List.of("0 wa.me is WhatsApp's, but anyone can put their own page, form, number or payment request there: "
                + "it does not show who sent the message"), summary(pasted("Hi mum, new number, text me at https://wa.me/447700900123")));
        assertEquals(List.of("0 docs.google.com is Google's, but anyone can put their own page, form, number or payment request "
                + "there: it does not show who sent the message"), summary(pasted("HMRC: claim your refund https://docs.google.com/forms/d/x")));
    }

    @Test
    void aBrandsMessageMayLinkAnotherListedBrandsRealSite() {
        assertEquals(List.of("-10 www.dpd.co.uk belongs to DPD"),
                summary(pasted("Amazon: your order ships with DPD, track it at https://www.dpd.co.uk/apps/tracking")));
    }

    @Test
    void noLinkNoFinding() {
        Analysis analysis = analysis("Amazon: your order of 2 items has shipped and arrives Tuesday.");
        assertEquals("No domains to check", tool.run(analysis));
        assertEquals(List.of(), analysis.findings());
    }

    @Test
    void anEmailAddressIsNotALinkElsewhere() {
        assertEquals(List.of(), pasted("Amazon order questions? Write to help@corner-bookshop.net"));
    }

    @Test
    void realWordsAndUnrelatedDomainsAreNotLookalikes() {
        for (String domain : List.of("apply.com", "chasse.fr", "amazonia.org", "evrim.com", "upstairs.com", "upsandowns.co.uk",
                "apple-recipes.com", "ups-and-downs.com", "telecom-paris.fr", "finance.org", "example.org", "orange-county.gov",
                "barclaysus.com", "amazonaws.com", "paypalobjects.com", "google-analytics.com", "microsoftstore.com",
                "hermes.com", "telefonia.es", "kleinanzeige.de")) {
            assertEquals(List.of(), tool.judge(domain, false), domain);
        }
        assertEquals(List.of(), pasted("We had our ups and downs; the upstairs flat photos are at upstairs-flat.com"));
        assertEquals(List.of(), pasted("an apple a day: recipes at apple-recipes.com"));
        assertEquals(List.of(), pasted("Prices are up: https://news.example.com/en/us/business/amazon-prime-price"),
                "a brand in a news path, without the brand named nor a scam word, is not a signal");
    }

    @Test
    void deepSubdomainsStillCount() {
        assertEquals(List.of("10 a.b.c.example.com has 3 levels of subdomains"), summary(tool.judge("a.b.c.example.com", false)));
    }

    @Test
    void officialDomainSpeaksForTheMessageOnlyWhenSeenExactly() {
        assertEquals(List.of(new Finding("domain_reputation", -10, "www.paypal.com belongs to PayPal", Finding.LINK)),
                tool.judge("www.paypal.com", true));
        List<Finding> read = tool.judge("www.paypal.com", false);
        assertEquals(1, read.size());
        assertEquals(0, read.get(0).weight(), "OCR reads paypa1.com as paypal.com: no reassurance from a screenshot");
    }

    @Test
    void everyFindingIsAboutALink() {
        List<Finding> found = pasted("Evri: pay at evri-parcel-redelivery.top or https://bit.ly/x1 or http://192.0.2.7/a");
        assertTrue(found.size() >= 3, found.toString());
        assertTrue(found.stream().allMatch(f -> f.topic().equals(Finding.LINK)), found.toString());
    }

    @Test
    void aChatAppsOwnBannerIsNoClaimToBeThatApp() {
        assertEquals(List.of(), summary(screenshot("Messages and calls are end-to-end encrypted. No one outside of this chat, "
                + "not even WhatsApp, can read them.\nYour Ocado order arrives at 8am. Track your van at ocado.com")));
    }

    @Test
    void aBrandsDomainWithLettersOcrConfusesIsANoteInAScreenshotButALookalikeWhenPasted() {
        assertEquals(List.of("0 dhi.de may be DHL's website (dhl.com) with letters the screenshot's text recognition misread, "
                + "or a lookalike of it: check the real link"), summary(screenshot("DHL: Ihre Sendung kommt heute. dhi.de/sendung")));
        assertTrue(summary(pasted("DHL: Ihre Sendung kommt heute. dhi.de/sendung")).get(0).startsWith("45 "));
    }

    private List<Finding> pasted(String text) {
        Analysis analysis = analysis(text);
        tool.run(analysis);
        return analysis.findings();
    }

    private List<Finding> screenshot(String ocr) {
        Analysis analysis = new Analysis("t", new ScanInput(new byte[0], ImageType.PNG, "", "GB"));
        analysis.readText(ocr);
        analysis.entities(EntityExtractor.extract(ocr, "GB"));
        tool.run(analysis);
        return analysis.findings();
    }

    private static Analysis analysis(String pasted) {
        Analysis analysis = new Analysis("t", new ScanInput(new byte[0], ImageType.PNG, pasted, "GB"));
        analysis.entities(EntityExtractor.extract(pasted, "GB"));
        analysis.exactDomains(java.util.Set.copyOf(analysis.entities().domains()));
        return analysis;
    }

    private static List<String> summary(List<Finding> found) {
        return found.stream().map(f -> f.weight() + " " + f.reason()).toList();
    }
}
