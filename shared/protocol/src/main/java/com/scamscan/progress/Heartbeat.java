package com.scamscan.progress;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** The gateway's keep-alive frame: {@code {"heartbeat":true,"timestamp":"..."}}. */
@Serdeable
public record Heartbeat(boolean heartbeat, @JsonFormat(pattern = WireTime.PATTERN, timezone = WireTime.ZONE) Instant timestamp) {

    public static Heartbeat at(Instant timestamp) {
        return new Heartbeat(true, timestamp);
    }
}
