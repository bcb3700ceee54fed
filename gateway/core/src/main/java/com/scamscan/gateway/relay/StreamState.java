package com.scamscan.gateway.relay;

/**
 * Where a client's {@link ClientStream} is. Live events arriving in {@link #CONNECTING} or {@link #REPLAYING} are
 * held (up to {@code max-buffered-events}) and sent after what history holds before them.
 */
enum StreamState {
    /** Greeted; the channel is being subscribed and the history after the client's {@code last_seq} read. */
    CONNECTING,
    /** Sending history (a first replay, or a catch-up after a gap or a resubscription) as fast as the client reads. */
    REPLAYING,
    /** Every event is sent as it arrives. */
    LIVE,
    /** The relay decided to close the client: nothing more is sent; its slot and subscription are being freed. */
    CLOSING,
    /** Detached: the close frame was queued (or the client had gone); nothing is held for it any more. */
    CLOSED;

    /** Whether frames may still go to the client. */
    boolean open() {
        return this == CONNECTING || this == REPLAYING || this == LIVE;
    }

    /** Whether live events are held rather than sent. */
    boolean buffering() {
        return this == CONNECTING || this == REPLAYING;
    }
}
