package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.testing.http.StubHttpServer;
import com.scamscan.progress.Entities;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import io.micronaut.serde.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exa search, the LLM explanation and RDAP, each against a local stub server: none is reached unless configured. */
class OutsideServicesTest {

    private static final ObjectMapper JSON = ObjectMapper.getDefault();

    @Test
    void webSearchIsSkippedWhenOff() throws Exception {
        ExaSearchTool tool = new ExaSearchTool(new ExaSearchTool.Settings(null, "", "http://127.0.0.1:9", Duration.ofSeconds(1), 3), JSON);
        Analysis analysis = analysisWith(new Entities(List.of(), List.of("paypa1.com"), List.of(), List.of()));
        assertEquals(ExaSearchTool.SKIPPED, tool.run(analysis));
        assertEquals(List.of(), analysis.findings());
    }

    @Test
    void webSearchCountsScamReportsThatMentionTheDomain() throws Exception {
        String answer = "{\"results\":["
                + "{\"title\":\"paypa1.com is a phishing scam\",\"url\":\"https://reports.example/1\",\"text\":\"...\"},"
                + "{\"title\":\"Beware paypa1.com fraud texts\",\"url\":\"https://news.example/2\"},"
                + "{\"title\":\"Unrelated page\",\"url\":\"https://other.example/3\",\"text\":\"nothing here\"}]}";
        try (StubHttpServer exa = StubHttpServer.answering(200, answer)) {
            ExaSearchTool tool = new ExaSearchTool(new ExaSearchTool.Settings(true, "k-123", exa.url(), Duration.ofSeconds(5), 3), JSON);
            Analysis analysis = analysisWith(new Entities(List.of(), List.of("paypa1.com"), List.of(), List.of()));
            assertEquals("Scam reports found for 1 of 1 searches", tool.run(analysis));
            assertEquals(List.of(new Finding("exa_search", 25, "The web has 2 scam reports mentioning paypa1.com")), analysis.findings());
            StubHttpServer.Received request = exa.received().get(0);
            assertEquals("POST", request.method());
            assertEquals("/search", request.path());
            assertEquals("k-123", request.header("x-api-key"));
            assertEquals("{\"query\":\"\\\"paypa1.com\\\" scam\",\"numResults\":5}", request.body());
        }
    }

    @Test
    void webSearchOutageIsReportedNotFatal() throws Exception {
        try (StubHttpServer exa = StubHttpServer.answering(503, "{}")) {
            ExaSearchTool tool = new ExaSearchTool(new ExaSearchTool.Settings(true, "k", exa.url(), Duration.ofSeconds(5), 3), JSON);
            String result = tool.run(analysisWith(new Entities(List.of(), List.of("a.com"), List.of(), List.of())));
            assertEquals("skipped: web search unavailable (web search answered HTTP 503)", result);
        }
    }

    @Test
    void llmExplanationIsAddedWhenConfigured() {
        String answer = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\" This imitates PayPal. \"}}]}";
        try (StubHttpServer llm = StubHttpServer.answering(200, answer)) {
            LlmExplainer explainer = new LlmExplainer(new LlmExplainer.Settings(true, llm.url() + "/v1", "sk-test", "small", Duration.ofSeconds(5)), JSON);
            Verdict verdict = new Verdict(VerdictLabel.SCAM, 90, List.of("paypa1.com imitates PayPal (paypal.com)"), Entities.none());
            assertEquals(Optional.of("This imitates PayPal."), explainer.explain(verdict, "Log in at paypa1.com"));
            StubHttpServer.Received request = llm.received().get(0);
            assertEquals("/v1/chat/completions", request.path());
            assertEquals("Bearer sk-test", request.header("Authorization"));
            assertTrue(request.body().contains("\"model\":\"small\""), request.body());
            assertTrue(request.body().contains("paypa1.com imitates PayPal"), request.body());
        }
    }

    @Test
    void llmFailureMeansNoExplanation() {
        try (StubHttpServer llm = StubHttpServer.answering(500, "{}")) {
            LlmExplainer explainer = new LlmExplainer(new LlmExplainer.Settings(true, llm.url(), "", "m", Duration.ofSeconds(5)), JSON);
            assertEquals(Optional.empty(), explainer.explain(new Verdict(VerdictLabel.SCAM, 90, List.of(), Entities.none()), "x"));
        }
    }

    @Test
    void rdapAgeMakesANewDomainSuspect() {
        String answer = "{\"events\":[{\"eventAction\":\"registration\",\"eventDate\":\"2026-11-20T08:00:00Z\"},"
                + "{\"eventAction\":\"expiration\",\"eventDate\":\"2027-11-20T08:00:00Z\"}]}";
        try (StubHttpServer rdap = StubHttpServer.answering(200, answer)) {
            Clock now = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
            RdapClient client = new RdapClient(new RdapClient.Settings(true, rdap.url(), Duration.ofSeconds(5)), JSON, now);
            assertEquals(Optional.of(Duration.ofDays(5)), client.age("fresh-shop.com"));
            assertEquals("/domain/fresh-shop.com", rdap.received().get(0).path());
            List<Finding> found = new DomainReputationTool(client).judge("fresh-shop.com", false);
            assertEquals(List.of("fresh-shop.com was registered 5 days ago"), found.stream().map(Finding::reason).toList());
        }
    }

    private static Analysis analysisWith(Entities entities) {
        Analysis analysis = new Analysis("t", new ScanInput(new byte[0], ImageType.PNG, "", "US"));
        analysis.entities(entities);
        return analysis;
    }
}
