package com.scamscan.gateway.server;

import com.scamscan.gateway.relay.ClientLink;
import com.scamscan.gateway.relay.OutboundAllowance;

import com.scamscan.gateway.server.netty.ChannelAccess;
import com.scamscan.progress.CloseCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket this gateway terminates: frames go straight to the Netty channel under the Micronaut session, and
 * the bytes not yet written are counted so that a client that stopped reading is found (micronaut-core #8984).
 */
public final class WebSocketLink implements ClientLink {

    private static final String ATTRIBUTE = "scamscan.link";
    private static final byte[] PING = "hb".getBytes(StandardCharsets.US_ASCII);

    private final WebSocketSession session;
    @Nullable
    private final Channel channel;
    private final Duration closeGrace;
    private final OutboundAllowance allowance;

    private WebSocketLink(WebSocketSession session, long maxPendingBytes, Duration closeGrace) {
        this.session = session;
        this.channel = ChannelAccess.channel(session).orElse(null);
        this.allowance = new OutboundAllowance(maxPendingBytes);
        this.closeGrace = closeGrace;
    }

    /** The session's link, made on first use and kept in the session. */
    static WebSocketLink of(WebSocketSession session, long maxPendingBytes, Duration closeGrace) {
        return session.get(ATTRIBUTE, WebSocketLink.class).orElseGet(() -> {
            WebSocketLink link = new WebSocketLink(session, maxPendingBytes, closeGrace);
            session.put(ATTRIBUTE, link);
            return link;
        });
    }

    /** A text frame over these bytes (a frame is consumed by its write; the bytes may be shared). */
    public static TextWebSocketFrame textFrame(byte[] utf8) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8));
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public Sent send(byte[] utf8) {
        int size = utf8.length;
        if (!allowance.take(size)) {
            return Sent.TOO_SLOW;
        }
        try {
            if (channel == null) { // not a Netty session: Micronaut's own path
                session.sendAsync(textFrame(utf8)).whenComplete((sent, failure) -> allowance.delivered(size, this::wakeUp));
                return Sent.QUEUED;
            }
            if (!channel.isActive()) {
                allowance.cancel(size);
                return Sent.GONE;
            }
            channel.writeAndFlush(textFrame(utf8)).addListener(written -> allowance.delivered(size, this::wakeUp));
            return Sent.QUEUED;
        } catch (RuntimeException e) { // the session closed under us
            allowance.cancel(size);
            return Sent.GONE;
        }
    }

    @Override
    public boolean hasRoomFor(int bytes) {
        return allowance.hasRoomFor(bytes);
    }

    @Override
    public void whenRoom(Runnable action) {
        allowance.whenRoom(action, this::wakeUp);
    }

    /** Runs a waiting replay on the channel's event loop (never inside a write listener's stack), if still open. */
    private void wakeUp(Runnable waiter) {
        if (!session.isOpen()) {
            return;
        }
        if (channel != null) {
            channel.eventLoop().execute(waiter);
        } else {
            java.util.concurrent.CompletableFuture.runAsync(waiter);
        }
    }

    /** Bytes handed over but not yet written to the socket. */
    long pendingBytes() {
        return allowance.pending();
    }

    @Override
    public void ping() {
        try {
            session.sendPingAsync(PING);
        } catch (RuntimeException e) {
            // the session closed meanwhile; the sweep detaches it
        }
    }

    @Override
    public void close(CloseCode code) {
        try {
            session.close(new CloseReason(code.code(), code.reason()));
        } catch (RuntimeException e) {
            // already closed
        }
    }

    @Override
    public void abort() {
        allowance.forget();
        if (channel != null && channel.isOpen()) {
            // the close frame sits behind what the client has not read; it closes the channel once written
            // (Micronaut's session close); a client that never reads again is cut when the grace runs out
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public String toString() {
        return "session " + session.getId();
    }
}
