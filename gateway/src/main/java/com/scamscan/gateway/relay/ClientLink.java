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

    /** Whether frames can still reach the client. */
    boolean isOpen();

    /** Sends one text frame of these UTF-8 bytes (the array may be shared with other clients and is not changed). */
    Sent send(byte[] utf8);

    /** Asks the client for a sign of life (a WebSocket ping), where the transport has one. */
    void ping();

    /** Ends the connection with this code, after what was sent before it. */
    void close(CloseCode code);

    /** Ends the connection at once, for a client that does not read: nothing more is written. */
    void abort();
}
