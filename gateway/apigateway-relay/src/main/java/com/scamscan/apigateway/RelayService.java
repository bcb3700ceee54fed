package com.scamscan.apigateway;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.gateway.relay.ProgressRelay;
import com.scamscan.redis.RedisNames;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.Micronaut;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * The long-running half of the API Gateway deployment: the gateway's relay core, with every client an
 * {@link ApiGatewayLink}. It learns of connections from the {@code $connect}/{@code $disconnect} function's
 * announcements (and, when it starts, from the records already in Redis), attaches each to the relay, which greets
 * it, replays history after its {@code last_seq} and relays live events and heartbeats as PostToConnection calls.
 * Run it with {@code java -jar apigateway-relay.jar} and {@code SCAMSCAN_APIGATEWAY_ENDPOINT} set. Its budget
 * identity is {@link RelayBudget}.
 */
@Context
public class RelayService {

    private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);
    /** How long a relay that stops leading waits for its posts under way and the records of what they delivered. */
    private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(5);

    private final ProgressRelay relay;
    private final ConnectionRegistry connections;
    private final ApiGatewayManagementApiAsyncClient api;
    private final ApiGatewaySettings settings;
    private final GatewaySettings gatewaySettings;
    private final Clock clock;
    private final ExecutorService posts;
    private final StatefulRedisPubSubConnection<String, String> announcements;
    private final Map<String, ApiGatewayLink> links = new ConcurrentHashMap<>();
    private final RelayLease lease;

    public RelayService(ProgressRelay relay, ConnectionRegistry connections, ApiGatewayManagementApiAsyncClient api,
                        ApiGatewaySettings settings, GatewaySettings gatewaySettings, Clock clock,
                        StatefulRedisPubSubConnection<String, String> announcements,
                        RedisNames names, RelayLease lease) {
        this.relay = relay;
        this.connections = connections;
        this.api = api;
        this.settings = settings;
        this.gatewaySettings = gatewaySettings;
        this.clock = clock;
        this.posts = Executors.newFixedThreadPool(settings.postThreads(), r -> {
            Thread thread = new Thread(r, "apigw-post");
            thread.setDaemon(true);
            return thread;
        });
        this.announcements = announcements; // micronaut-redis-lettuce's pub/sub connection, which it closes
        this.announcements.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (message.startsWith(ConnectionRegistry.ATTACH) && lease.held()) {
                    attach(message.substring(ConnectionRegistry.ATTACH.length()));
                } else if (message.startsWith(ConnectionRegistry.DETACH)) {
                    detach(message.substring(ConnectionRegistry.DETACH.length()));
                }
            }
        });
        this.announcements.sync().subscribe(names.apiGatewayAnnouncements());
        this.lease = lease;
        // only the leader attaches and posts; it attaches what was admitted while no relay led (issue 23)
        lease.start(() -> connections.all().forEach(this::attach), this::handOver);
    }

    public static void main(String[] args) {
        Micronaut.run(RelayService.class, args);
    }

    /** Connections this service relays to. */
    public int attached() {
        return links.size();
    }

    private void attach(String connectionId) {
        connections.find(connectionId).whenComplete((found, failure) -> {
            if (failure != null) {
                LOG.warn("connection {}: record unreadable, not attached: {}", connectionId, failure.toString());
                return;
            }
            if (found.isEmpty() || !lease.held()) {
                return; // disconnected meanwhile, or another relay leads now
            }
            ApiGatewayLink link = new ApiGatewayLink(connectionId, api, posts, gatewaySettings.maxPendingBytes(),
                    gatewaySettings.heartbeatInterval(), clock.instant().plus(settings.connectGrace()), clock, relay::pong, this::gone);
            if (links.putIfAbsent(connectionId, link) == null) {
                if (!lease.held()) { // lost the lease meanwhile; a hand-over after this check finds the link in links
                    links.remove(connectionId, link);
                    return;
                }
                relay.attach(link, found.get().taskId(), found.get().lastSeq());
            }
        });
    }

    private void detach(String connectionId) {
        ApiGatewayLink link = links.remove(connectionId);
        if (link != null) {
            relay.closed(link, "disconnected");
        }
    }

    /** The client left without a {@code $disconnect} reaching us (410): detach it and drop its record. */
    private void gone(ApiGatewayLink link) {
        links.remove(link.id(), link);
        relay.closed(link, "gone");
        connections.remove(link.id());
    }

    /**
     * No longer the leader: every connection is left open for the next one, which replays each after the last event
     * this one delivered (written to its record here).
     */
    private void handOver() {
        List<CompletableFuture<?>> recorded = new ArrayList<>();
        for (ApiGatewayLink link : List.copyOf(links.values())) {
            links.remove(link.id(), link);
            relay.closed(link, "handed over");
            recorded.add(link.handOver().thenCompose(seq -> seq > 0
                    ? connections.delivered(link.id(), seq).toCompletableFuture() : CompletableFuture.completedFuture(null)));
        }
        try {
            CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).get(HAND_OVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("hand-over: not every connection's last event recorded ({}); the next relay may resend some", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        lease.stop(); // hands over first, while the connections to Redis are still open
        announcements.async().unsubscribe(); // the connection is the library's: it closes it
        posts.shutdown();
    }
}
