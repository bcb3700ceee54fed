package com.scamscan.gateway.server;

import com.scamscan.gateway.GatewaySettings;

import com.scamscan.gateway.relay.ProgressRelay;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.micronaut.runtime.server.EmbeddedServer;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Closes every client with 1001 when the process is asked to stop (SIGTERM, SIGINT), before anything else stops.
 *
 * <p>Micronaut's shutdown hook stops the Netty server first: its event loops close every socket without a close
 * frame (clients see 1006), and only then does the context stop and the relay's {@code @PreDestroy} run, with no
 * socket left to write to. Nothing in Micronaut 4 runs before that ({@code ShutdownEvent} and graceful shutdown
 * come after the server stopped; JVM shutdown hooks run in no set order), so the gateway takes the signal
 * itself: the relay closes its clients with 1001, the close frames are written (up to
 * {@code scamscan.gateway.shutdown-drain-timeout}), and then the JVM's own handler runs as it would have,
 * shutdown hooks and exit status included.
 */
final class GoingAway {

    private static final Logger LOG = LoggerFactory.getLogger(GoingAway.class);

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

    /** Closes the relay's clients with 1001 and waits until their sockets closed, within the drain timeout. */
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
            Duration timeout = context.getBean(GatewaySettings.class).shutdownDrainTimeout();
            int clients = relay.get().connections();
            LOG.info("Stopping: closing {} client(s) with 1001 (waiting up to {} for their close frames)", clients, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            // twice: a client admitted while the first round closed the others is closed by the second
            for (int round = 0; round < 2; round++) {
                relay.get().shutdown();
                long left = deadline - System.nanoTime();
                if (sockets.isPresent() && left > 0) {
                    sockets.get().newCloseFuture().awaitUninterruptibly(Duration.ofNanos(left).toMillis());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not close clients before stopping: {}", e.toString());
        }
    }
}
