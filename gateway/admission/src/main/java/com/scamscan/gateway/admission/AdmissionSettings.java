package com.scamscan.gateway.admission;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * What admission reads of the gateway's settings (the relay's timings are {@code GatewaySettings}, same prefix): a
 * process that only admits (the API Gateway {@code $connect} function) needs nothing else.
 *
 * @param allowedOrigins the browser origins that may open streams ({@code Origin} header), {@code *} for any;
 *        handshakes without an {@code Origin} (not from a browser) are not affected
 */
@ConfigurationProperties(AdmissionSettings.PREFIX)
public record AdmissionSettings(
        @Bindable(defaultValue = "http://localhost:8080,http://127.0.0.1:8080") List<String> allowedOrigins) {

    public static final String PREFIX = "scamscan.gateway";
    public static final String ALLOWED_ORIGINS = PREFIX + ".allowed-origins";

    /** Whether a handshake with this {@code Origin} header (null when absent) may open a stream. */
    public boolean originAllowed(String origin) {
        return origin == null || allowedOrigins.contains("*") || allowedOrigins.stream().anyMatch(o -> o.trim().equalsIgnoreCase(origin));
    }
}
