package com.scamscan.gateway.relay;

import com.scamscan.progress.Heartbeat;
import com.scamscan.progress.ProgressEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/** The frames the gateway writes itself (greeting, error, heartbeat), as JSON; relayed events are never re-encoded. */
final class Frames {

    /** Writes a contract type as JSON ({@link ObjectMapper#writeValueAsBytes} in the gateway). */
    @FunctionalInterface
    interface Encoder {
        byte[] encode(Object frame) throws IOException;
    }

    private final Encoder json;

    Frames(Encoder json) {
        this.json = json;
    }

    byte[] connected(Instant at, boolean resumed, @Nullable Long firstSeq) {
        return encode(ProgressEvent.connected(at, resumed, firstSeq));
    }

    byte[] error(String message, Instant at) {
        return encode(ProgressEvent.error(message, at));
    }

    byte[] heartbeat(Instant at) {
        return encode(Heartbeat.at(at));
    }

    /** The contract types always serialise. */
    private byte[] encode(Object frame) {
        try {
            return json.encode(frame);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
