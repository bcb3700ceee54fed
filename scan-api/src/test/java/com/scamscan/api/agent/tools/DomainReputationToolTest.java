package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.Finding;
import io.micronaut.serde.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainReputationToolTest {

    private final DomainReputationTool tool = new DomainReputationTool(
            new RdapClient(new RdapClient.Settings(false, "http://unused", Duration.ofSeconds(1)), ObjectMapper.getDefault(), Clock.systemUTC()));

    @Test
    void lookalikeOfABrand() {
        assertReasons("paypa1.com", "paypa1.com imitates PayPal (paypal.com)");
    }

    @Test
    void brandInsideAnotherNameOnARiskyTld() {
        assertReasons("usps-redelivery.top", "usps-redelivery.top uses the name USPS but is not usps.com",
                "usps-redelivery.top uses .top, a top-level domain common in scams");
    }

    @Test
    void brandAsASubdomainOfSomethingElse() {
        List<Finding> found = tool.judge("paypal.com.account-verify.xyz", false);
        assertTrue(found.stream().anyMatch(f -> f.reason().equals(
                "paypal.com.account-verify.xyz puts PayPal in front of the unrelated domain account-verify.xyz")), found.toString());
    }

    @Test
    void punycodeShortenerAndDeepSubdomains() {
        assertReasons("xn--pypal-4ve.com", "xn--pypal-4ve.com is an internationalised name (pаypal.com) that can hide lookalike letters");
        assertReasons("bit.ly", "bit.ly is a link shortener that hides where the link goes");
        assertReasons("a.b.c.example.com", "a.b.c.example.com has 3 levels of subdomains");
    }

    @Test
    void officialDomainSpeaksForTheMessageOnlyWhenSeenExactly() {
        List<Finding> pasted = tool.judge("www.paypal.com", true);
        assertEquals(List.of(new Finding("domain_reputation", -10, "www.paypal.com belongs to PayPal")), pasted);
        List<Finding> read = tool.judge("www.paypal.com", false);
        assertEquals(1, read.size());
        assertEquals(0, read.get(0).weight(), "OCR reads paypa1.com as paypal.com: no reassurance from a screenshot");
    }

    @Test
    void ordinaryDomainHasNoFindings() {
        assertEquals(List.of(), tool.judge("example.org", false));
    }

    private void assertReasons(String domain, String... reasons) {
        assertEquals(List.of(reasons), tool.judge(domain, false).stream().map(Finding::reason).toList());
    }
}
