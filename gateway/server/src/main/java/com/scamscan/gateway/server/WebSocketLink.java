package com.scamscan.gateway.server;

import com.scamscan.gateway.relay.BoundedLink;
import com.scamscan.gateway.server.netty.ChannelAccess;
import com.scamscan.progress.CloseCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket this gateway terminates: frames go to the Netty channel under the Micronaut session through its event
 * loop's {@link FrameOutbox} (one hop and one encoding per event per loop, whatever the number of clients), and the
 * bytes not yet written are counted so that a client that stopped reading is found (micronaut-core #8984).
 */
public final class WebSocketLink extends BoundedLink implements FrameOutbox.Written {

    private static final String ATTRIBUTE = "scamscan.link";
    private static final byte[] PING = "hb".getBytes(StandardCharsets.US_ASCII);

    private final WebSocketSession session;
    @Nullable
    private final Channel channel;
    @Nullable
    private final FrameOutbox outbox;
    /** Whether the channel takes pre-encoded frames: no extension (permessage-deflate) rewrites them. */
    private final boolean raw;
    private final long closeGraceMillis;

    private WebSocketLink(WebSocketSession session, long maxPendingBytes, Duration closeGrace) {
        super(maxPendingBytes);
        this.session = session;
        this.channel = ChannelAccess.channel(session).orElse(null);
        this.outbox = channel == null ? null : FrameOutbox.of(channel.eventLoop());
        this.raw = channel != null && withoutExtensions(channel);
        this.closeGraceMillis = closeGrace.toMillis();
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

    private static boolean withoutExtensions(Channel channel) {
        for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
            if (handler.getValue() instanceof WebSocketExtensionEncoder) {
                return false;
            }
        }
        return true;
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
        if (!take(size)) {
            return Sent.TOO_SLOW;
        }
        try {
            if (channel == null) { // not a Netty session: Micronaut's own path
                session.sendAsync(textFrame(utf8)).whenComplete((sent, failure) -> delivered(size));
                return Sent.QUEUED;
            }
            if (!channel.isActive()) {
                cancel(size);
                return Sent.GONE;
            }
            outbox.write(channel, raw, utf8, this);
            return Sent.QUEUED;
        } catch (RuntimeException e) { // the session closed under us
            cancel(size);
            return Sent.GONE;
        }
    }

    /** A frame reached the socket (or failed with it): see {@link FrameOutbox.Written}. */
    @Override
    public void written(int bytes) {
        delivered(bytes);
    }

    /** Runs a waiting replay on the channel's event loop (never inside a write listener's stack). */
    @Override
    protected void wakeOn(Runnable waiter) {
        if (channel != null) {
            channel.eventLoop().execute(waiter);
        } else {
            CompletableFuture.runAsync(waiter);
        }
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
        if (outbox != null) {
            outbox.then(channel, () -> closeSession(code)); // after the frames queued before it
        } else {
            closeSession(code);
        }
    }

    private void closeSession(CloseCode code) {
        try {
            session.close(new CloseReason(code.code(), code.reason()));
        } catch (RuntimeException e) {
            // already closed
        }
    }

    @Override
    public void abort() {
        forgetWaiter();
        if (channel != null && channel.isOpen()) {
            // the close frame sits behind what the client has not read; it closes the channel once written
            // (Micronaut's session close); a client that never reads again is cut when the grace runs out
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, closeGraceMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public String toString() {
        return "session " + session.getId();
    }
}
