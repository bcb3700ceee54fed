package com.scamscan.gateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The relay's timings and limits. Every interval is configuration so tests can run them short.
 *
 * @param heartbeatInterval how often each client gets a heartbeat frame and a WebSocket ping
 * @param noProgressTimeout how long a client may go without a task event before it gets an error frame and 4408
 * @param clientTimeout how long a client may go without answering pings before it is presumed gone and dropped
 * @param sweepInterval how often timeouts, Redis state and stalled catch-ups are checked
 * @param redisDownTimeout how long the pub/sub connection may stay down before its clients are closed with 1011
 * @param drainTimeout on SIGTERM/SIGINT, the window over which the gateway closes its clients with 1001, spread
 *        evenly, while it refuses new ones with 1013 and reports itself not ready (0: close them all at once)
 * @param maxClientFrameBytes the largest client data frame tolerated (and ignored); larger ones close with 1008
 * @param maxPendingBytes outbound bytes a client may have unwritten before it is closed as too slow (4008)
 * @param slowCloseGrace how long a client closed as too slow (4008) has to read what is queued before its close
 *        frame; after that the connection is cut (the client then sees 1006)
 * @param maxBufferedEvents live events held for one client while its history is read; more closes it with 1011
 * @param compression whether to negotiate permessage-deflate (about 100 KB of native memory per socket)
 * @see com.scamscan.gateway.admission.AdmissionSettings who may connect (same prefix, read by admission alone)
 */
@ConfigurationProperties(GatewaySettings.PREFIX)
public record GatewaySettings(
        @Bindable(defaultValue = "15s") Duration heartbeatInterval,
        @Bindable(defaultValue = "60s") Duration noProgressTimeout,
        @Bindable(defaultValue = "45s") Duration clientTimeout,
        @Bindable(defaultValue = "1s") Duration sweepInterval,
        @Bindable(defaultValue = "10s") Duration redisDownTimeout,
        @Bindable(defaultValue = "10s") Duration drainTimeout,
        @Bindable(defaultValue = "1024") int maxClientFrameBytes,
        @Bindable(defaultValue = "262144") long maxPendingBytes,
        @Bindable(defaultValue = "2000") int maxBufferedEvents,
        @Bindable(defaultValue = "10s") Duration slowCloseGrace,
        @Bindable(defaultValue = "false") boolean compression) {

    public static final String PREFIX = "scamscan.gateway";
    public static final String HEARTBEAT_INTERVAL = PREFIX + ".heartbeat-interval";
    public static final String CLIENT_TIMEOUT = PREFIX + ".client-timeout";
    public static final String SWEEP_INTERVAL = PREFIX + ".sweep-interval";
    public static final String DRAIN_TIMEOUT = PREFIX + ".drain-timeout";

    public GatewaySettings {
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException(DRAIN_TIMEOUT + " must be 0 or more, was " + drainTimeout);
        }
        // the relay's clocks run at these intervals (RelaySweeps): a schedule needs a positive delay
        requirePositive(HEARTBEAT_INTERVAL, heartbeatInterval);
        requirePositive(SWEEP_INTERVAL, sweepInterval);
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }
}
