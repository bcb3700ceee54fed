package com.scamscan.security;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived proof that whoever holds a task's URL was given it by scan-api: {@code v1.EXPIRY.SIGNATURE}, where
 * EXPIRY is epoch seconds and SIGNATURE is base64url(HMAC-SHA256(secret, "v1." + taskId + "." + EXPIRY)).
 * scan-api issues one with every accepted scan (in {@code ws_url} and {@code status_url}); the gateway checks it
 * before it touches Redis, and {@code GET /tasks/{id}} checks it too. Tokens signed with the previous secret are
 * accepted while a rotation rolls out; comparison is constant-time.
 */
@Singleton
public final class StreamTokens {

    /** Why a token was refused, or that it was accepted. */
    public enum Verdict {
        VALID,
        /** No token at all. */
        MISSING,
        /** Not of the form {@code v1.EXPIRY.SIGNATURE}. */
        MALFORMED,
        /** Well formed and correctly signed, but past its expiry. */
        EXPIRED,
        /** Signed with neither secret, or for another task. */
        FORGED
    }

    private static final String VERSION = "v1";
    private static final int MAX_LENGTH = 128;

    private final StreamTokenSettings settings;
    private final Clock clock;
    /**
     * A keyed HMAC per thread and secret, made once: {@code Mac.getInstance} and {@code init} cost more than the
     * signature itself (half of a handshake's token check, measured), and a {@link Mac} is not thread-safe.
     */
    private final ThreadLocal<Mac> current;
    private final ThreadLocal<Mac> previous;

    public StreamTokens(StreamTokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.current = ThreadLocal.withInitial(() -> mac(settings.secret()));
        this.previous = ThreadLocal.withInitial(() -> mac(settings.previousSecret()));
    }

    /** A token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {
    }

    /** A token for this task, valid for the configured time from now. */
    public String issue(String taskId) {
        return issued(taskId).token();
    }

    /** A token for this task, valid for the configured time from now, with its expiry. */
    public Issued issued(String taskId) {
        long expiry = clock.instant().plus(settings.ttl()).getEpochSecond();
        return new Issued(VERSION + "." + expiry + "." + sign(current.get(), taskId, expiry), Instant.ofEpochSecond(expiry));
    }

    /** Checks a token presented for this task. */
    public Verdict verify(String taskId, String token) {
        if (token == null || token.isEmpty()) {
            return Verdict.MISSING;
        }
        if (token.length() > MAX_LENGTH) {
            return Verdict.MALFORMED;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isEmpty() || parts[1].length() > 12
                || !parts[1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Verdict.MALFORMED;
        }
        long expiry = Long.parseLong(parts[1]);
        byte[] presented = parts[2].getBytes(StandardCharsets.US_ASCII);
        boolean signed = matches(presented, sign(current.get(), taskId, expiry))
                || (!settings.previousSecret().isEmpty() && matches(presented, sign(previous.get(), taskId, expiry)));
        if (!signed) {
            return Verdict.FORGED;
        }
        return Instant.ofEpochSecond(expiry).isAfter(clock.instant()) ? Verdict.VALID : Verdict.EXPIRED;
    }

    private static boolean matches(byte[] presented, String expected) {
        return MessageDigest.isEqual(presented, expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** The signature; {@code doFinal} leaves the Mac keyed and ready for the next one. */
    private static String sign(Mac mac, String taskId, long expiry) {
        byte[] signature = mac.doFinal((VERSION + "." + taskId + "." + expiry).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** An HMAC-SHA256 keyed with this secret (an empty previous secret is never used to sign or check). */
    private static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            if (!secret.isEmpty()) {
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            }
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
