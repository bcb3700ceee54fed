package com.scamscan.api.agent.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkExpanderTest {

    @Test
    void theRealPolicyRefusesTheLoopbackStubAndSendsNothing() {
        try (RedirectStub stub = new RedirectStub()) {
            LinkExpander strict = new LinkExpander(new LinkExpander.Settings(true, 5, Duration.ofSeconds(3)));
            assertEquals(LinkExpander.Outcome.REFUSED_ADDRESS, strict.expand("http://127.0.0.1:" + stub.port() + "/hops/0").outcome());
            assertEquals(LinkExpander.Outcome.REFUSED_ADDRESS, strict.expand("http://localhost:" + stub.port() + "/hops/0").outcome());
            assertEquals(LinkExpander.Outcome.REFUSED_ADDRESS, strict.expand("http://[::1]:" + stub.port() + "/hops/0").outcome());
            assertEquals(List.of(), stub.received());
        }
    }

    @Test
    void followsRedirectsWithHeadRequestsToTheEnd() {
        try (RedirectStub stub = new RedirectStub()) {
            LinkExpander.Expansion expansion = stub.expander(5, Duration.ofSeconds(3)).expand(stub.url("sho.rt", "/hops/3"));
            assertEquals(LinkExpander.Outcome.REACHED, expansion.outcome());
            assertEquals(URI.create(stub.url("sho.rt", "/hops/0")), expansion.destination().orElseThrow());
            assertEquals(3, expansion.redirects());
            assertEquals(4, stub.received().size());
            assertTrue(stub.received().stream().allMatch(r -> r.method().equals("HEAD")), stub.received().toString());
            assertEquals("sho.rt:" + stub.port(), stub.received().get(0).host(), "the Host header names the link's host, not the address");
        }
    }

    @Test
    void stopsAfterTheRedirectLimit() {
        try (RedirectStub stub = new RedirectStub()) {
            assertEquals(LinkExpander.Outcome.REACHED, stub.expander(5, Duration.ofSeconds(3)).expand(stub.url("a.test", "/hops/5")).outcome());
            assertEquals(6, stub.received().size(), "five redirects and the final answer");
            LinkExpander.Expansion tooMany = stub.expander(5, Duration.ofSeconds(3)).expand(stub.url("a.test", "/hops/6"));
            assertEquals(LinkExpander.Outcome.TOO_MANY_REDIRECTS, tooMany.outcome());
            assertEquals(5, tooMany.redirects());
            assertEquals(6 + 6, stub.received().size(), "five redirects followed: six requests, never a seventh");
            assertTrue(tooMany.destination().isEmpty());
        }
    }

    @Test
    void givesUpWhenTheWholeExpansionTakesTooLong() {
        try (RedirectStub stub = new RedirectStub()) {
            LinkExpander expander = stub.expander(5, Duration.ofMillis(300));
            LinkExpander.Expansion expansion = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> expander.expand(stub.url("slow.test", "/slow")));
            assertEquals(LinkExpander.Outcome.TIMED_OUT, expansion.outcome());
        }
    }

    @Test
    void refusesNonHttpSchemesAndPrivateAddressesOnEveryHop() {
        try (RedirectStub stub = new RedirectStub()) {
            LinkExpander expander = stub.expander(5, Duration.ofSeconds(3));
            LinkExpander.Expansion toFile = expander.expand(stub.url("a.test", "/to?file%3A%2F%2F%2Fetc%2Fpasswd"));
            assertEquals(LinkExpander.Outcome.REFUSED_SCHEME, toFile.outcome());
            assertEquals(URI.create("file:///etc/passwd"), toFile.last());
            LinkExpander.Expansion toPrivate = expander.expand(stub.url("a.test", "/to?http%3A%2F%2F10.0.0.1%2Fadmin"));
            assertEquals(LinkExpander.Outcome.REFUSED_ADDRESS, toPrivate.outcome(), "a later hop is checked like the first");
            assertEquals(LinkExpander.Outcome.REFUSED_SCHEME, expander.expand("ftp://a.test/x").outcome());
        }
    }

    @Test
    void aHostWithOneForbiddenAddressAmongPublicOnesIsRefused() {
        try (RedirectStub stub = new RedirectStub()) {
            LinkExpander expander = new LinkExpander(new LinkExpander.Settings(true, 5, Duration.ofSeconds(3)), AddressPolicy.PUBLIC_ONLY,
                    host -> new java.net.InetAddress[]{java.net.InetAddress.getByName("93.184.215.14"),
                            java.net.InetAddress.getByName("169.254.169.254")});
            assertEquals(LinkExpander.Outcome.REFUSED_ADDRESS, expander.expand("http://mixed.test/").outcome());
            assertEquals(List.of(), stub.received());
        }
    }
}
