package com.scamscan.gateway.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.scamscan.progress.Step;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * One event from Redis, checked once and encoded once: every client of the task is sent a frame that wraps
 * the same UTF-8 bytes.
 *
 * @param seq the event's number, or {@code null} for a raw event from a publisher that does not number them
 * @param terminal whether the step is {@code completed} or {@code failed}
 * @param utf8 the JSON exactly as published
 * @param publishedAtMillis the event's {@code timestamp} (when it was published) in epoch milliseconds, read in the same
 *                          pass, for the publish-to-deliver lag; -1 when it has none or it is not ISO-8601
 */
record RelayEvent(@Nullable Long seq, boolean terminal, byte[] utf8, long publishedAtMillis) {

    /** An event without a timestamp. */
    RelayEvent(@Nullable Long seq, boolean terminal, byte[] utf8) {
        this(seq, terminal, utf8, -1);
    }

    /** Streaming parser factory: the relay reads two top-level fields and walks past the rest without binding it. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    /**
     * Parses an event from the channel: a well-formed JSON object of valid UTF-8 whose {@code seq}, when present,
     * is an integer; anything else is empty (dropped, never relayed). Only {@code seq}, {@code step} and
     * {@code timestamp} are read; the bytes are relayed as they are.
     */
    static Optional<RelayEvent> parse(byte[] utf8) {
        if (!validUtf8(utf8)) {
            return Optional.empty(); // a browser fails the whole connection on a text frame that is not UTF-8
        }
        Long seq = null;
        String step = null;
        String timestamp = null;
        try (JsonParser parser = JSON.createParser(utf8)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("seq".equals(field)) {
                    if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        seq = parser.getLongValue();
                    } else if (value != JsonToken.VALUE_NULL) {
                        return Optional.empty();
                    }
                } else if ("step".equals(field) && value == JsonToken.VALUE_STRING) {
                    step = parser.getText();
                } else if ("timestamp".equals(field) && value == JsonToken.VALUE_STRING) {
                    timestamp = parser.getText();
                } else {
                    parser.skipChildren(); // nested objects and arrays are still read through, so still checked
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Optional.empty(); // truncated, or something after the object
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        boolean terminal = step != null && Step.find(step).map(Step::isTerminal).orElse(false);
        return Optional.of(new RelayEvent(seq, terminal, utf8, epochMillis(timestamp)));
    }

    /** An ISO-8601 instant in epoch milliseconds; -1 for none or one that cannot be read (the event is relayed anyway). */
    private static long epochMillis(@Nullable String timestamp) {
        if (timestamp == null) {
            return -1;
        }
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return -1;
        }
    }

    /** Parses an event read back from history (see {@link #parse(byte[])}). */
    static Optional<RelayEvent> parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean validUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) { // not all ASCII (the common case): let the JDK's decoder judge
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
