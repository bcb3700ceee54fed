package com.scamscan.gateway.server;

import com.scamscan.gateway.relay.BoundedLink;
import com.scamscan.progress.CloseCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket this gateway terminates ({@link ProgressSocket}): frames go to its Netty channel through the event
 * loop's {@link FrameOutbox} (one hop and one encoding per event per loop, whatever the number of clients), and the
 * bytes not yet written are counted so that a client that stopped reading is found. It holds the channel and its
 * outbound bound, nothing of the handshake.
 */
public final class WebSocketLink extends BoundedLink implements FrameOutbox.Written {

    private static final byte[] PING = "hb".getBytes(StandardCharsets.US_ASCII);

    private final Channel channel;
    private final FrameOutbox outbox;
    /** Whether the channel takes pre-encoded frames: no extension (permessage-deflate) rewrites them. */
    private final boolean raw;
    private final long closeGraceMillis;

    /** The link of an upgraded channel (made once the handshake's response is written, extensions in place). */
    WebSocketLink(Channel channel, long maxPendingBytes, Duration closeGrace) {
        super(maxPendingBytes);
        this.channel = channel;
        this.outbox = FrameOutbox.of(channel.eventLoop());
        this.raw = withoutExtensions(channel);
        this.closeGraceMillis = closeGrace.toMillis();
    }

    /** A text frame over these bytes (a frame is consumed by its write; the bytes may be shared). */
    public static TextWebSocketFrame textFrame(byte[] utf8) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8));
    }

    private static boolean withoutExtensions(Channel channel) {
        return channel.pipeline().get(WebSocketExtensionEncoder.class) == null; // a walk, no copy of the pipeline
    }

    /** The channel's short id (for logs). */
    @Override
    public String id() {
        return channel.id().asShortText();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public Sent send(byte[] utf8) {
        int size = utf8.length;
        if (!take(size)) {
            return Sent.TOO_SLOW;
        }
        if (!channel.isActive()) {
            cancel(size);
            return Sent.GONE;
        }
        try {
            outbox.write(channel, raw, utf8, this);
            return Sent.QUEUED;
        } catch (RuntimeException e) { // the channel closed under us
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
        channel.eventLoop().execute(waiter);
    }

    @Override
    public void ping() {
        if (channel.isActive()) {
            // the bytes are shared by every ping and only read by the encoder
            channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(PING)));
        }
    }

    @Override
    public void close(CloseCode code) {
        outbox.then(channel, () -> closeChannel(code)); // after the frames queued before it
    }

    /** The close frame, then the end of the connection once it is written. */
    private void closeChannel(CloseCode code) {
        if (channel.isOpen()) {
            channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason())).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void abort() {
        forgetWaiter();
        if (channel.isOpen()) {
            // the close frame sits behind what the client has not read; it closes the channel once written; a
            // client that never reads again is cut when the grace runs out
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, closeGraceMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public String toString() {
        return "socket " + id();
    }
}
