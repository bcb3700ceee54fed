package com.scamscan.gateway.server.netty;

import io.micronaut.http.netty.websocket.NettyWebSocketSession;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import java.lang.reflect.Field;
import java.util.Optional;

/**
 * The Netty channel under a Micronaut WebSocket session. Micronaut closes a session by writing a close frame
 * and closing the channel once that write completes, which never happens for a client that stopped reading;
 * dropping such a client needs the channel itself. Micronaut does not expose it, so it is read from the
 * session's private field once per session; {@code ChannelAccessTest} pins this against the Micronaut version
 * in use.
 */
public final class ChannelAccess {

    private static final Field CHANNEL = channelField();

    private ChannelAccess() {
    }

    /** Whether this Micronaut version still keeps the channel where this class looks for it. */
    public static boolean available() {
        return CHANNEL != null && io.netty.channel.Channel.class.isAssignableFrom(CHANNEL.getType());
    }

    /** The session's channel, or empty for sessions that are not Netty's. */
    public static Optional<Channel> channel(WebSocketSession session) {
        if (CHANNEL == null || !(session instanceof NettyWebSocketSession)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Channel) CHANNEL.get(session));
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }

    private static Field channelField() {
        try {
            Field field = NettyWebSocketSession.class.getDeclaredField("channel");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
