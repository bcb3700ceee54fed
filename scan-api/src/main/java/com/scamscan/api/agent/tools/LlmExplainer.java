package com.scamscan.api.agent.tools;

import com.scamscan.api.agent.outside.OutsideService;
import com.scamscan.progress.Verdict;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an OpenAI-compatible chat-completions endpoint to explain a verdict in plain words. Off unless enabled
 * ({@code scamscan.agent.llm.enabled}); any failure yields no explanation, never a failed scan.
 */
@Singleton
public class LlmExplainer {

    /**
     * @param enabled whether to ask the model at all (an outside service; see {@link OutsideService}); when not set, on
     *                if a base URL is set (deprecated, the earlier releases' way)
     * @param baseUrl the endpoint's base, e.g. {@code https://api.openai.com/v1}, required when enabled
     * @param apiKey sent as a bearer token when set
     * @param model the model name
     * @param timeout how long one explanation may take
     */
    @ConfigurationProperties(Settings.PREFIX)
    @Context // an enabled model without its address stops startup
    public record Settings(
            @Nullable Boolean enabled,
            @Bindable(defaultValue = "") String baseUrl,
            @Bindable(defaultValue = "") String apiKey,
            @Bindable(defaultValue = "gpt-4o-mini") String model,
            @Bindable(defaultValue = "15s") Duration timeout) {

        public static final String PREFIX = OutsideService.PREFIX + "." + Settings.SERVICE;
        static final String SERVICE = "llm";

        public Settings {
            baseUrl = baseUrl == null ? "" : baseUrl;
            apiKey = apiKey == null ? "" : apiKey;
            enabled = OutsideService.enabled(SERVICE, enabled, "base-url", !baseUrl.isBlank());
            OutsideService.require(SERVICE, enabled, "base-url", baseUrl);
        }
    }

    @Serdeable
    record Message(String role, String content) {
    }

    @Serdeable
    record ChatRequest(String model, List<Message> messages, double temperature) {
    }

    @Serdeable
    record ChatResponse(@Nullable List<Choice> choices) {
    }

    @Serdeable
    record Choice(@Nullable Message message) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LlmExplainer.class);
    private static final int MAX_MESSAGE_CHARS = 2000;

    private final Settings settings;
    private final ObjectMapper json;
    private final HttpClient http;

    public LlmExplainer(Settings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** Two or three sentences for the person, or empty when off or unavailable. */
    public Optional<String> explain(Verdict verdict, String messageText) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        String facts = "Verdict: " + verdict.label().wireName() + " (score " + verdict.score() + "/100).\nEvidence:\n- "
                + String.join("\n- ", verdict.reasons()) + "\nMessage text:\n"
                + messageText.substring(0, Math.min(messageText.length(), MAX_MESSAGE_CHARS));
        ChatRequest chat = new ChatRequest(settings.model(), List.of(
                new Message("system", "You explain scam-check results to ordinary people in two or three short sentences. "
                        + "Use only the evidence given. Do not change the verdict."),
                new Message("user", facts)), 0.2);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(Endpoints.of(settings.baseUrl(), "/chat/completions"))
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(chat)));
            if (!settings.apiKey().isBlank()) {
                request.header("Authorization", "Bearer " + settings.apiKey());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.info("LLM explanation unavailable: HTTP {}", response.statusCode());
                return Optional.empty();
            }
            ChatResponse parsed = json.readValue(response.body(), ChatResponse.class);
            return Optional.ofNullable(parsed.choices()).filter(c -> !c.isEmpty()).map(c -> c.get(0).message())
                    .map(Message::content).map(String::strip).filter(s -> !s.isEmpty());
        } catch (IOException | RuntimeException e) {
            LOG.info("LLM explanation unavailable: {}", e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
