package com.scamscan.gateway.server;

import com.scamscan.protocol.StreamUrl;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * A GET on the stream path that is not a WebSocket upgrade (those never reach Micronaut: {@link ProgressSocket}):
 * 426 Upgrade Required, with the version to upgrade to, rather than a 404 for a path that exists.
 */
@Controller
public class UpgradeRequired {

    private static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Upgrade Required\",\"status\":426,"
            + "\"detail\":\"This is a WebSocket endpoint: connect with a WebSocket client (Sec-WebSocket-Version: 13)\"}";

    @Get(StreamUrl.PATH)
    public HttpResponse<String> get() {
        return HttpResponse.<String>status(HttpStatus.UPGRADE_REQUIRED)
                .header(HttpHeaders.UPGRADE, "websocket")
                .header(HttpHeaders.CONNECTION, "Upgrade")
                .header("Sec-WebSocket-Version", "13")
                .contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE)
                .body(PROBLEM);
    }
}
