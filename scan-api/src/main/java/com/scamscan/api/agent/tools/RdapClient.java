package com.scamscan.api.agent.tools;

import com.scamscan.api.agent.outside.OutsideService;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A domain's registration date from RDAP ({@code GET {base}/domain/{name}}); off unless enabled. */
@Singleton
public class RdapClient {

    /**
     * @param enabled whether to ask RDAP at all (an outside service; see {@link OutsideService})
     * @param baseUrl the RDAP service, e.g. {@code https://rdap.org}, required when enabled
     * @param timeout how long one look-up may take
     */
    @ConfigurationProperties(Settings.PREFIX)
    @Context // an enabled service without its address stops startup
    public record Settings(
            @Bindable(defaultValue = "false") boolean enabled,
            @Bindable(defaultValue = "https://rdap.org") String baseUrl,
            @Bindable(defaultValue = "5s") Duration timeout) {

        public static final String PREFIX = OutsideService.PREFIX + "." + Settings.SERVICE;
        static final String SERVICE = "rdap";

        public Settings {
            OutsideService.require(SERVICE, enabled, "base-url", baseUrl);
        }
    }

    @Serdeable
    record Domain(List<Event> events) {
    }

    @Serdeable
    record Event(String eventAction, String eventDate) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RdapClient.class);

    private final Settings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;

    public RdapClient(Settings settings, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** How long ago the domain was registered; empty when disabled, unknown or unreachable (never an error). */
    public Optional<Duration> age(String domain) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(Endpoints.of(settings.baseUrl(), "/domain/" + domain))
                    .timeout(settings.timeout()).header("Accept", "application/rdap+json").GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Domain parsed = json.readValue(response.body(), Domain.class);
            if (parsed.events() == null) {
                return Optional.empty();
            }
            return parsed.events().stream()
                    .filter(e -> "registration".equals(e.eventAction()) && e.eventDate() != null)
                    .map(e -> Duration.between(Instant.parse(e.eventDate()), clock.instant()))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            LOG.info("RDAP look-up of {} failed: {}", domain, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
