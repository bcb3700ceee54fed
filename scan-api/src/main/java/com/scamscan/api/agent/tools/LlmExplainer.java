package com.scamscan.api.agent.tools;

import com.scamscan.progress.Verdict;
import io.micronaut.context.annotation.ConfigurationProperties;
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
 * Asks an OpenAI-compatible chat-completions endpoint to explain a verdict in plain words. Off unless a base
 * URL is configured; any failure yields no explanation, never a failed scan.
 */
@Singleton
public class LlmExplainer {

    /**
     * @param baseUrl the endpoint's base, e.g. {@code https://api.openai.com/v1}; empty turns explanations off
     * @param apiKey sent as a bearer token when set
     * @param model the model name
     * @param timeout how long one explanation may take
     */
    @ConfigurationProperties("scamscan.agent.llm")
    public record Settings(
            @Bindable(defaultValue = "") String baseUrl,
            @Bindable(defaultValue = "") String apiKey,
            @Bindable(defaultValue = "gpt-4o-mini") String model,
            @Bindable(defaultValue = "15s") Duration timeout) {
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
        if (settings.baseUrl().isBlank()) {
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
