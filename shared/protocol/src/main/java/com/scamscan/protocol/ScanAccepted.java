package com.scamscan.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** The 202 body of {@code POST /scan-image}. */
@Serdeable
public record ScanAccepted(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("ws_url") String wsUrl,
        @JsonProperty("status_url") String statusUrl) {
}
