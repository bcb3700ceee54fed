package com.scamscan.gateway.admission;

import io.micronaut.core.annotation.Nullable;

/**
 * What a client's WebSocket handshake says about who it is.
 *
 * @param token the {@code token} query parameter scan-api put in the {@code ws_url}
 * @param origin the {@code Origin} header (browsers always send it; other clients need not)
 * @param peer the address the connection comes from
 * @param forwardedFor every {@code X-Forwarded-For} line of the request joined in order (null when none), believed
 *        only from a trusted proxy
 */
public record Handshake(@Nullable String token, @Nullable String origin, String peer, @Nullable String forwardedFor) {
}
