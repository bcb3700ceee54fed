package com.scamscan.gateway.relay;

import com.scamscan.progress.Step;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One event from Redis, checked once and encoded once: every client of the task is sent a frame that wraps
 * the same UTF-8 bytes.
 *
 * @param seq the event's number, or {@code null} for a raw event from a publisher that does not number them
 * @param terminal whether the step is {@code completed} or {@code failed}
 * @param utf8 the JSON exactly as published
 */
record RelayEvent(@Nullable Long seq, boolean terminal, byte[] utf8) {

    /** The fields the relay needs; everything else is passed through untouched. */
    @Serdeable
    record Header(@Nullable Long seq, @Nullable String step) {
    }

    /** Parses an event from the channel or history; empty when it is not a JSON object (dropped, never relayed). */
    static Optional<RelayEvent> parse(ObjectMapper json, String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            Header header = json.readValue(trimmed, Header.class);
            boolean terminal = header.step() != null && Step.find(header.step()).map(Step::isTerminal).orElse(false);
            return Optional.of(new RelayEvent(header.seq(), terminal, text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A new frame over the shared bytes (a frame is consumed by its write). */
    TextWebSocketFrame frame() {
        return ProgressRelay.textFrame(utf8);
    }
}
