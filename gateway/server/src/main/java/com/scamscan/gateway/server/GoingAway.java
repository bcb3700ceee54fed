package com.scamscan.gateway.server;

import com.scamscan.gateway.GatewaySettings;

import com.scamscan.gateway.relay.ProgressRelay;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.micronaut.runtime.server.EmbeddedServer;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Drains the gateway when the process is asked to stop (SIGTERM, SIGINT), before anything else stops: readiness goes
 * DOWN and new clients are refused with 1013 at once, and the connected ones get an error frame and 1001 one after
 * another, spread evenly over {@code scamscan.gateway.drain-timeout} ({@link ProgressRelay#drain}).
 *
 * <p>Micronaut's shutdown hook stops the Netty server first: its event loops close every socket without a close
 * frame (clients see 1006), and only then does the context stop and the relay's {@code @PreDestroy} run, with no
 * socket left to write to. Nothing in Micronaut 4 runs before that ({@code ShutdownEvent} and graceful shutdown
 * come after the server stopped; JVM shutdown hooks run in no set order), so the gateway takes the signal
 * itself: the relay drains, the last close frames are written (waiting up to {@link #CLOSE_GRACE} for the sockets
 * to close), and then the JVM's own handler runs as it would have, shutdown hooks and exit status included.
 */
final class GoingAway {

    private static final Logger LOG = LoggerFactory.getLogger(GoingAway.class);
    /** After the last close, how long the clients' close handshakes may take before the server stops anyway. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private GoingAway() {
    }

    /** Takes SIGTERM and SIGINT for the running app, where the JVM handles them (not with {@code -Xrs}). */
    static void install(ApplicationContext context) {
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(signal, received -> {
                    drain(context);
                    previous[0].handle(received);
                });
                if (previous[0] == SignalHandler.SIG_DFL || previous[0] == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, previous[0]); // not the JVM's: leave the signal as it was
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("SIG{} cannot be handled here: {}", name, e.getMessage());
            }
        }
    }

    /** Drains the relay's clients over the drain timeout, then waits (briefly) for their sockets to close. */
    static void drain(ApplicationContext context) {
        try {
            if (!context.isRunning()) {
                return;
            }
            Optional<ProgressRelay> relay = context.findBean(ProgressRelay.class);
            Optional<ChannelGroup> sockets = context.findBean(EmbeddedServer.class)
                    .filter(WebSocketSessionRepository.class::isInstance)
                    .map(server -> ((WebSocketSessionRepository) server).getChannelGroup());
            if (relay.isEmpty()) {
                return;
            }
            Duration window = context.getBean(GatewaySettings.class).drainTimeout();
            try {
                relay.get().drain(window).get(window.plus(CLOSE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("Drain did not finish within {}: {}", window, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            relay.get().shutdown(); // anyone the drain did not reach (none, unless it timed out)
            sockets.ifPresent(group -> group.newCloseFuture().awaitUninterruptibly(CLOSE_GRACE.toMillis()));
        } catch (RuntimeException e) {
            LOG.warn("Could not drain clients before stopping: {}", e.toString());
        }
    }
}
