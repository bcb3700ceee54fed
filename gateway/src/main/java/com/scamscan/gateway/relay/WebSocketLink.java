package com.scamscan.gateway.relay;

import com.scamscan.gateway.netty.ChannelAccess;
import com.scamscan.progress.CloseCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket this gateway terminates: frames go straight to the Netty channel under the Micronaut session, and
 * the bytes not yet written are counted so that a client that stopped reading is found (micronaut-core #8984).
 */
final class WebSocketLink implements ClientLink {

    private static final String ATTRIBUTE = "scamscan.link";
    private static final byte[] PING = "hb".getBytes(StandardCharsets.US_ASCII);

    private final WebSocketSession session;
    @Nullable
    private final Channel channel;
    private final long maxPendingBytes;
    private final AtomicLong pendingBytes = new AtomicLong();

    private WebSocketLink(WebSocketSession session, long maxPendingBytes) {
        this.session = session;
        this.channel = ChannelAccess.channel(session).orElse(null);
        this.maxPendingBytes = maxPendingBytes;
    }

    /** The session's link, made on first use and kept in the session. */
    static WebSocketLink of(WebSocketSession session, long maxPendingBytes) {
        return session.get(ATTRIBUTE, WebSocketLink.class).orElseGet(() -> {
            WebSocketLink link = new WebSocketLink(session, maxPendingBytes);
            session.put(ATTRIBUTE, link);
            return link;
        });
    }

    /** A text frame over these bytes (a frame is consumed by its write; the bytes may be shared). */
    static TextWebSocketFrame textFrame(byte[] utf8) {
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
        long before = pendingBytes.getAndAdd(size);
        // a frame larger than the allowance still goes to a client that has read everything before it: the
        // allowance measures how far a reader lags, not how large one event may be
        if (before > 0 && before + size > maxPendingBytes) {
            pendingBytes.addAndGet(-size);
            return Sent.TOO_SLOW;
        }
        try {
            if (channel == null) { // not a Netty session: Micronaut's own path
                session.sendAsync(textFrame(utf8)).whenComplete((sent, failure) -> pendingBytes.addAndGet(-size));
                return Sent.QUEUED;
            }
            if (!channel.isActive()) {
                pendingBytes.addAndGet(-size);
                return Sent.GONE;
            }
            channel.writeAndFlush(textFrame(utf8)).addListener(written -> pendingBytes.addAndGet(-size));
            return Sent.QUEUED;
        } catch (RuntimeException e) { // the session closed under us
            pendingBytes.addAndGet(-size);
            return Sent.GONE;
        }
    }

    /** Bytes handed over but not yet written to the socket. */
    long pendingBytes() {
        return pendingBytes.get();
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
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "session " + session.getId();
    }
}
