package com.scamscan.api.agent.tools;

import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Counts;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.outside.OutsideService;
import com.scamscan.progress.Step;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Searches the web (the Exa search API) for scam reports about the message's domains and phone numbers.
 * Off unless enabled ({@code scamscan.agent.exa.enabled}): the step then reports "skipped: not configured" and adds
 * nothing.
 */
@Singleton
public class ExaSearchTool implements AgentTool {

    /**
     * @param enabled whether to search the web at all (an outside service; see {@link OutsideService}); when not set,
     *                on if an API key is set (deprecated, the earlier releases' way)
     * @param apiKey the Exa API key, required when enabled
     * @param baseUrl the API's address, required when enabled
     * @param timeout how long one search may take
     * @param maxQueries at most this many searches per scan
     */
    @ConfigurationProperties(Settings.PREFIX)
    @Context // an enabled search without its key stops startup
    public record Settings(
            @Nullable Boolean enabled,
            @Bindable(defaultValue = "") String apiKey,
            @Bindable(defaultValue = "https://api.exa.ai") String baseUrl,
            @Bindable(defaultValue = "10s") Duration timeout,
            @Bindable(defaultValue = "3") int maxQueries) {

        public static final String PREFIX = OutsideService.PREFIX + "." + Settings.SERVICE;
        static final String SERVICE = "exa";

        public Settings {
            apiKey = apiKey == null ? "" : apiKey;
            baseUrl = baseUrl == null ? "" : baseUrl;
            enabled = OutsideService.enabled(SERVICE, enabled, "api-key", !apiKey.isBlank());
            OutsideService.require(SERVICE, enabled, "api-key", apiKey);
            OutsideService.require(SERVICE, enabled, "base-url", baseUrl);
        }
    }

    @Serdeable
    record SearchRequest(String query, int numResults) {
    }

    @Serdeable
    record SearchResponse(@Nullable List<Result> results) {
    }

    @Serdeable
    record Result(@Nullable String title, @Nullable String url, @Nullable String text) {
    }

    /** The message the step reports when no key is configured. */
    public static final String SKIPPED = "skipped: not configured";

    private static final Pattern REPORT = Pattern.compile("\\b(scam|scams|scammer|fraud|phishing|smishing|fake|complaint)\\b");

    private final Settings settings;
    private final ObjectMapper json;
    private final HttpClient http;

    public ExaSearchTool(Settings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public Step step() {
        return Step.EXA_SEARCH;
    }

    @Override
    public String startMessage() {
        return "Searching the web for reports...";
    }

    @Override
    public String run(Analysis analysis) throws IOException, InterruptedException {
        if (!settings.enabled()) {
            return SKIPPED;
        }
        List<String> subjects = new ArrayList<>();
        subjects.addAll(analysis.entities().domains());
        subjects.addAll(analysis.entities().phones());
        subjects = subjects.subList(0, Math.min(subjects.size(), settings.maxQueries()));
        if (subjects.isEmpty()) {
            return "Nothing to search for";
        }
        int reported = 0;
        for (String subject : subjects) {
            SearchResponse response;
            try {
                response = search("\"" + subject + "\" scam");
            } catch (IOException e) {
                // an outside enrichment: its outage weakens the analysis but must not fail it
                return "skipped: web search unavailable (" + e.getMessage() + ")";
            }
            int reports = reports(response, subject);
            if (reports > 0) {
                reported++;
                analysis.add(new Finding(name(), reports >= 2 ? 25 : 15, "The web has " + Counts.of(reports, "scam report")
                        + " mentioning " + subject));
            }
        }
        return reported == 0 ? "No scam reports found for " + subjects.size() + " searches"
                : "Scam reports found for " + reported + " of " + subjects.size() + " searches";
    }

    private SearchResponse search(String query) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(Endpoints.of(settings.baseUrl(), "/search"))
                .timeout(settings.timeout())
                .header("x-api-key", settings.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(new SearchRequest(query, 5))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("web search answered HTTP " + response.statusCode());
        }
        return json.readValue(response.body(), SearchResponse.class);
    }

    private static int reports(SearchResponse response, String subject) {
        if (response.results() == null) {
            return 0;
        }
        int count = 0;
        for (Result result : response.results()) {
            String text = (nz(result.title()) + " " + nz(result.url()) + " " + nz(result.text())).toLowerCase(Locale.ROOT);
            String needle = subject.toLowerCase(Locale.ROOT);
            boolean mentions = text.contains(needle) || text.contains(needle.replace("+", ""));
            if (mentions && REPORT.matcher(text).find()) {
                count++;
            }
        }
        return count;
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }
}
