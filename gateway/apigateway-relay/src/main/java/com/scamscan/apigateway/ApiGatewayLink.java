package com.scamscan.apigateway;

import com.scamscan.gateway.relay.ClientLink;
import com.scamscan.gateway.relay.OutboundAllowance;
import com.scamscan.progress.CloseCode;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * A client connected to API Gateway: each frame is a {@code POST /@connections/{id}} (PostToConnection), in order,
 * one at a time per connection. "Gone" (410) means the client left: the relay detaches it. API Gateway answers the
 * client's pings itself, so a delivered post is this link's sign of life. A close code cannot be sent through API
 * Gateway: closing deletes the connection after the frames before it, so the error frame is what tells the client.
 */
final class ApiGatewayLink implements ClientLink {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayLink.class);

    private final String connectionId;
    private final ApiGatewayManagementApiClient api;
    private final Executor posts;
    private final Instant graceUntil;
    private final Clock clock;
    private final Consumer<ApiGatewayLink> onDelivered;
    private final Consumer<ApiGatewayLink> onGone;
    private final OutboundAllowance allowance;
    private final Object order = new Object();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null); // guarded by order
    private volatile boolean gone;
    private volatile boolean left; // only touched on the post chain

    ApiGatewayLink(String connectionId, ApiGatewayManagementApiClient api, Executor posts, long maxPendingBytes,
                   Instant graceUntil, Clock clock, Consumer<ApiGatewayLink> onDelivered, Consumer<ApiGatewayLink> onGone) {
        this.connectionId = connectionId;
        this.api = api;
        this.posts = posts;
        this.allowance = new OutboundAllowance(maxPendingBytes);
        this.graceUntil = graceUntil;
        this.clock = clock;
        this.onDelivered = onDelivered;
        this.onGone = onGone;
    }

    @Override
    public String id() {
        return connectionId;
    }

    @Override
    public boolean isOpen() {
        return !gone;
    }

    @Override
    public Sent send(byte[] utf8) {
        if (gone) {
            return Sent.GONE;
        }
        if (!allowance.take(utf8.length)) {
            return Sent.TOO_SLOW;
        }
        then(() -> {
            try {
                post(utf8);
            } finally {
                allowance.delivered(utf8.length, this::wakeUp);
            }
        });
        return Sent.QUEUED;
    }

    @Override
    public boolean hasRoomFor(int bytes) {
        return allowance.hasRoomFor(bytes);
    }

    @Override
    public void whenRoom(Runnable action) {
        allowance.whenRoom(action, this::wakeUp);
    }

    /** Runs a waiting replay on the post executor, unless the connection is gone. */
    private void wakeUp(Runnable waiter) {
        if (!gone) {
            CompletableFuture.runAsync(waiter, posts);
        }
    }

    private void post(byte[] utf8) {
        if (gone) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(utf8)));
                onDelivered.accept(this);
                return;
            } catch (SdkException e) {
                if (isGone(e)) {
                    if (clock.instant().isBefore(graceUntil)) {
                        pause(); // $connect has not returned yet: API Gateway takes posts only once it has
                        continue;
                    }
                    leave();
                    return;
                }
                if (attempt >= 3) {
                    LOG.warn("connection {}: post failed {} times, giving up on it: {}", connectionId, attempt, e.toString());
                    end();
                    return;
                }
                pause();
            }
        }
    }

    /** 410: the client is no longer connected. */
    private static boolean isGone(SdkException e) {
        return e instanceof GoneException || e instanceof AwsServiceException service && service.statusCode() == 410;
    }

    @Override
    public void ping() {
        // API Gateway answers the client's pings and sends none of its own; heartbeat frames keep the client sure
    }

    @Override
    public void close(CloseCode code) {
        then(this::end); // after the frames before it, the error frame among them
    }

    @Override
    public void abort() {
        gone = true;
        posts.execute(this::end);
    }

    /** Deletes the connection and lets the relay service forget it (and its record). */
    private void end() {
        delete();
        leave();
    }

    private void delete() {
        gone = true;
        try {
            api.deleteConnection(r -> r.connectionId(connectionId));
        } catch (SdkException e) {
            if (isGone(e)) {
                return; // already gone
            }
            LOG.info("connection {}: delete failed, API Gateway ends it on its own: {}", connectionId, e.toString());
        }
    }

    /** The client left (410), cannot be reached, or was closed: the relay service forgets it. Once. */
    private void leave() {
        if (!left) {
            left = true;
            gone = true;
            onGone.accept(this);
        }
    }

    private void then(Runnable step) {
        synchronized (order) {
            tail = tail.thenRunAsync(step, posts).exceptionally(e -> {
                LOG.warn("connection {}: {}", connectionId, e.toString());
                return null;
            });
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "API Gateway connection " + connectionId;
    }
}
