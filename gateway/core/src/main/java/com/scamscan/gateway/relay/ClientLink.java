package com.scamscan.gateway.relay;

import com.scamscan.progress.CloseCode;

/**
 * How the relay reaches one client, whatever carries the frames: a WebSocket this gateway terminates
 * ({@link WebSocketLink}), or a connection that another service terminates and this one posts to. The relay's
 * logic (admission, replay, dedup, timeouts, budget) is the same for all of them.
 */
public interface ClientLink {

    /** What became of a frame handed to {@link #send}. */
    enum Sent {
        /** Queued for the client. */
        QUEUED,
        /** The link is gone; the relay detaches the client. */
        GONE,
        /** The client has more unwritten than the bound allows; the relay drops it as too slow (4008). */
        TOO_SLOW
    }

    /** A name for logs. */
    String id();

    /** The transport's name for logs and spans: {@code websocket} (the default) or {@code sse}. */
    default String transport() {
        return "websocket";
    }

    /** Whether frames can still reach the client. */
    boolean isOpen();

    /** Sends one text frame of these UTF-8 bytes (the array may be shared with other clients and is not changed). */
    Sent send(byte[] utf8);

    /**
     * Sends a task event numbered {@code seq} (the same bytes as {@link #send}); a transport that can tell the client
     * where it is (an SSE {@code id:} line, which the browser sends back as {@code Last-Event-ID}) does.
     */
    default Sent sendEvent(byte[] utf8, long seq) {
        return send(utf8);
    }

    /** Sends a heartbeat frame; a transport with its own keep-alive form (an SSE comment) uses that instead. */
    default Sent sendHeartbeat(byte[] utf8) {
        return send(utf8);
    }

    /**
     * Whether a frame of this many bytes can go now without passing the link's bound on unwritten bytes (a frame
     * always can when nothing is unwritten). A replay sends only while this holds, then waits for {@link #whenRoom}.
     */
    default boolean hasRoomFor(int bytes) {
        return true;
    }

    /**
     * Runs the action once, on another call stack, when the client has read enough that frames can go again (at
     * once when it already has); never runs it for a link that is gone. One waiting action per link.
     */
    default void whenRoom(Runnable action) {
        action.run();
    }

    /**
     * Asks the client for a sign of life (a WebSocket ping), where the transport has one; a transport without pings
     * reports the client alive while it keeps reading what it is sent.
     */
    void ping();

    /** Ends the connection with this code, after what was sent before it. */
    void close(CloseCode code);

    /**
     * Ends the connection of a client that does not read: the close frame already queued is given until the grace
     * runs out to reach it (a reader that wakes up learns why it was closed), then the connection is cut.
     */
    void abort();
}
