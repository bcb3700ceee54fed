package com.scamscan.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The 202 body of {@code POST /scan-image}.
 *
 * @param sseUrl the same stream as Server-Sent Events, for clients whose proxies do not pass WebSockets; absent
 *               behind an AWS API Gateway WebSocket stage, which has none
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanAccepted(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("ws_url") String wsUrl,
        @JsonProperty("status_url") String statusUrl,
        @JsonProperty("sse_url") @Nullable String sseUrl) {
}
