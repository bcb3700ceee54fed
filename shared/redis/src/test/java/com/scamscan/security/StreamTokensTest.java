package com.scamscan.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StreamTokensTest {

    private static final String SECRET = "s".repeat(32);
    private static final String OLD_SECRET = "o".repeat(40);
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static StreamTokens tokens(String secret, String previous, Instant now) {
        return new StreamTokens(new StreamTokenSettings(secret, previous, Duration.ofMinutes(10)), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenIsValidForItsTaskUntilItExpires() {
        String token = tokens(SECRET, "", NOW).issue("task-1");
        assertTrue(token.matches("v1\\.\\d+\\.[A-Za-z0-9_-]{43}"), token);
        assertEquals(StreamTokens.Verdict.VALID, tokens(SECRET, "", NOW.plusSeconds(599)).verify("task-1", token));
        assertEquals(StreamTokens.Verdict.EXPIRED, tokens(SECRET, "", NOW.plusSeconds(600)).verify("task-1", token));
    }

    @Test
    void anotherTasksOrAnotherKeysTokenIsForged() {
        String token = tokens(SECRET, "", NOW).issue("task-1");
        assertEquals(StreamTokens.Verdict.FORGED, tokens(SECRET, "", NOW).verify("task-2", token));
        assertEquals(StreamTokens.Verdict.FORGED, tokens("k".repeat(32), "", NOW).verify("task-1", token));
        // a later expiry written over a real signature
        String stretched = "v1." + (NOW.getEpochSecond() + 99_999) + token.substring(token.lastIndexOf('.'));
        assertEquals(StreamTokens.Verdict.FORGED, tokens(SECRET, "", NOW).verify("task-1", stretched));
    }

    @Test
    void tokensOfThePreviousKeyAreAcceptedDuringARotation() {
        String old = tokens(OLD_SECRET, "", NOW).issue("task-1");
        assertEquals(StreamTokens.Verdict.VALID, tokens(SECRET, OLD_SECRET, NOW).verify("task-1", old));
        assertEquals(StreamTokens.Verdict.FORGED, tokens(SECRET, "", NOW).verify("task-1", old));
    }

    @Test
    void manyThreadsCheckingAtOnceGetEachTheirOwnAnswer() throws Exception {
        // each thread keeps its own keyed HMAC: a shared one mixes concurrent signatures into forgeries
        StreamTokens tokens = tokens(SECRET, OLD_SECRET, NOW);
        StreamTokens old = tokens(OLD_SECRET, "", NOW);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Long>> wrong = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                wrong.add(pool.submit(() -> java.util.stream.IntStream.range(0, 2_000).filter(i -> {
                    String task = "task-" + thread + "-" + i;
                    String token = (i % 2 == 0 ? tokens : old).issue(task);
                    return tokens.verify(task, token) != StreamTokens.Verdict.VALID
                            || tokens.verify(task + "x", token) != StreamTokens.Verdict.FORGED;
                }).count()));
            }
            for (java.util.concurrent.Future<Long> answer : wrong) {
                assertEquals(0L, answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void garbageIsMissingOrMalformedNeverAnError() {
        StreamTokens tokens = tokens(SECRET, "", NOW);
        assertEquals(StreamTokens.Verdict.MISSING, tokens.verify("t", null));
        assertEquals(StreamTokens.Verdict.MISSING, tokens.verify("t", ""));
        for (String garbage : new String[] {"x", "v1", "v1..", "v1.abc.def", "v2.1.x", "v1.-5.x", "v1.1.x.y",
            "v1.99999999999999999999.x", "v1.1." + "a".repeat(200), "v1.٣.x"}) {
            assertEquals(StreamTokens.Verdict.MALFORMED, tokens.verify("t", garbage), garbage);
        }
    }

    @Test
    void aShortOrMissingSecretStopsTheApplicationWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamTokenSettings("", "", Duration.ofHours(2)));
        assertTrue(e.getMessage().contains("SCAMSCAN_TOKEN_SECRET"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StreamTokenSettings("short", "", Duration.ofHours(2)));
        assertThrows(IllegalArgumentException.class, () -> new StreamTokenSettings(SECRET, "short", Duration.ofHours(2)));
    }
}
