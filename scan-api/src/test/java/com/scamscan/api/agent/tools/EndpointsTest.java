package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void baseUrlsWithOrWithoutTrailingSlashesGiveTheSameAddress() {
        assertEquals(URI.create("https://api.exa.ai/search"), Endpoints.of("https://api.exa.ai", "/search"));
        assertEquals(URI.create("https://api.exa.ai/search"), Endpoints.of("https://api.exa.ai//", "/search"));
        assertEquals(URI.create("http://127.0.0.1:9/v1/chat/completions"), Endpoints.of("http://127.0.0.1:9/v1/", "/chat/completions"));
    }
}
