package com.scamscan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The API describes itself: its OpenAPI document at /openapi.yml, generated from the controllers, and a viewer. */
class OpenApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApplicationContext context;
    private static URI base;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", RedisFixture.shared().uri(),
                "scamscan.agent.enabled", "false"));
        base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesAnOpenApiDocumentWithEveryRoute() throws Exception {
        HttpResponse<String> response = get("/openapi.yml");
        assertEquals(200, response.statusCode());
        Map<String, Object> document = new Yaml().load(response.body());
        assertTrue(String.valueOf(document.get("openapi")).startsWith("3."), response.body());
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        for (String path : new String[] {"/scan-image", "/tasks/{task_id}", "/tasks/{task_id}/stream-token"}) {
            assertTrue(paths.containsKey(path), path + " in " + paths.keySet());
        }
        Map<String, Object> scan = (Map<String, Object>) ((Map<String, Object>) paths.get("/scan-image")).get("post");
        Map<String, Object> responses = (Map<String, Object>) scan.get("responses");
        assertTrue(responses.keySet().containsAll(java.util.List.of("202", "400", "413", "415", "422", "429", "503")),
                "the answers the API gives, not the framework's default 200: " + responses.keySet());
        assertTrue(String.valueOf(responses.get("429")).contains("application/problem+json"), String.valueOf(responses.get("429")));
        assertTrue(String.valueOf(responses.get("202")).contains("ScanAccepted"), String.valueOf(responses.get("202")));
    }

    @Test
    void servesSwaggerUiOnThatDocumentWithoutAnythingFromOutside() throws Exception {
        HttpResponse<String> page = get("/openapi/views/swagger-ui/index.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/openapi/openapi.yml"), page.body());
        assertEquals(200, get("/openapi/openapi.yml").statusCode());
        // the viewer's script is served by scan-api itself: no CDN the browser must reach
        assertEquals(200, get("/openapi/views/swagger-ui/res/swagger-ui-bundle.js").statusCode());
        assertTrue(!page.body().contains("https://unpkg.com") && !page.body().contains("cdn.jsdelivr"), page.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
