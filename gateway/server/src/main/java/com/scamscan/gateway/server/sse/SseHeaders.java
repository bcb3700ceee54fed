package com.scamscan.gateway.server.sse;

import com.scamscan.gateway.admission.AdmissionSettings;
import com.scamscan.protocol.StreamUrl;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** The SSE stream's response headers ({@link ProgressEvents} returns the stream itself, so they are set here). */
@ServerFilter(StreamUrl.SSE_PREFIX + "**")
public class SseHeaders {

    private final AdmissionSettings admission;

    public SseHeaders(AdmissionSettings admission) {
        this.admission = admission;
    }

    /** No caching or buffering on the way, and the page's origin may read it. */
    @ResponseFilter
    public void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
                .header("X-Accel-Buffering", "no"); // nginx and proxies that honour it: pass each event at once
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin != null && admission.originAllowed(origin)) {
            // a page on another origin (scan-api's) may read the stream; the relay refuses other origins with 4403
            response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        }
    }
}
