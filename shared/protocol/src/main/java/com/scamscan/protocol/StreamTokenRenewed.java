package com.scamscan.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.scamscan.progress.WireTime;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** The body of {@code GET /tasks/{task_id}/stream-token}: a fresh token and the URLs that carry it ({@code sse_url} as in {@link ScanAccepted}). */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamTokenRenewed(
        String token,
        @JsonProperty("expires_at") @JsonFormat(pattern = WireTime.PATTERN, timezone = WireTime.ZONE) Instant expiresAt,
        @JsonProperty("ws_url") String wsUrl,
        @JsonProperty("status_url") String statusUrl,
        @JsonProperty("sse_url") @Nullable String sseUrl) {
}
