package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayEventTest {

    @Test
    void readsSeqAndStepAndKeepsTheBytesAsPublished() {
        byte[] bytes = "{\"seq\":7,\"step\":\"scam_db\",\"message\":\"Arnaque détectée ✓\",\"data\":{\"a\":[1,{\"seq\":99}]}}"
                .getBytes(StandardCharsets.UTF_8);
        RelayEvent event = RelayEvent.parse(bytes).orElseThrow();
        assertEquals(7L, event.seq()); // the nested "seq" is not the event's
        assertFalse(event.terminal());
        assertArrayEquals(bytes, event.utf8());
    }

    @Test
    void completedAndFailedAreTerminal() {
        assertTrue(RelayEvent.parse("{\"seq\":9,\"step\":\"completed\"}").orElseThrow().terminal());
        assertTrue(RelayEvent.parse(" {\"step\":\"failed\",\"seq\":3} ").orElseThrow().terminal());
        assertFalse(RelayEvent.parse("{\"step\":\"no_such_step\"}").orElseThrow().terminal());
    }

    @Test
    void anEventWithoutSeqIsRelayedUnnumbered() {
        assertNull(RelayEvent.parse("{\"step\":\"scam_db\"}").orElseThrow().seq());
        assertNull(RelayEvent.parse("{\"seq\":null,\"step\":\"scam_db\"}").orElseThrow().seq());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "not json", "[1,2]", "\"text\"", "42", "null",
        "{", "{\"seq\":1", "{\"seq\":1,}", "{\"seq\":1} trailing", "{\"seq\":1}{\"seq\":2}",
        "{\"seq\":\"7\"}", "{\"seq\":1.5}", "{\"seq\":true}", "{\"seq\":123456789012345678901234567890}",
        "{\"data\":[1,2}", "{'seq':1}"
    })
    void anythingButOneJsonObjectWithAnIntegerSeqIsDropped(String text) {
        assertTrue(RelayEvent.parse(text).isEmpty(), text);
    }

    @Test
    void bytesThatAreNotUtf8AreDropped() {
        byte[] bytes = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertTrue(RelayEvent.parse(bytes).isEmpty());
    }

    @Test
    void deepNestingIsDroppedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertTrue(RelayEvent.parse(deep).isEmpty());
    }
}
