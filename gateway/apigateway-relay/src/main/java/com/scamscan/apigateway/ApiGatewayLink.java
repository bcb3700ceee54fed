package com.scamscan.apigateway;

import com.scamscan.gateway.relay.BoundedLink;
import com.scamscan.progress.CloseCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * A client connected to API Gateway: each frame is a {@code POST /@connections/{id}} (PostToConnection), in order,
 * one at a time per connection. "Gone" (410) means the client left: the relay detaches it. API Gateway answers the
 * client's pings itself, so a delivered post is this link's sign of life. A close code cannot be sent through API
 * Gateway: closing deletes the connection after the frames before it, so the error frame is what tells the client.
 *
 * <p>Posts are non-blocking: the SDK's asynchronous client (Netty), whose connection pool bounds how many posts are in
 * flight for the whole service ({@code scamscan.apigateway.post-threads}); a frame waits in its connection's chain,
 * no thread waits for API Gateway. A heartbeat frame is posted only to a connection that got nothing else for a
 * heartbeat interval: a connection receiving events needs no other sign that the stream is alive, so heartbeats cost
 * one post per idle connection per interval, not one per connection.
 */
final class ApiGatewayLink extends BoundedLink {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayLink.class);
    /** How every heartbeat frame starts (core's Frames writes {@code {"heartbeat":true,"timestamp":...}}). */
    private static final byte[] HEARTBEAT = "{\"heartbeat\":true".getBytes(StandardCharsets.UTF_8);
    /** How every numbered event starts (publish.lua puts the seq first). */
    private static final byte[] SEQ = "{\"seq\":".getBytes(StandardCharsets.UTF_8);
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    static final int ATTEMPTS = 3;

    private final String connectionId;
    private final ApiGatewayManagementApiAsyncClient api;
    private final Executor wakeUps;
    private final Instant graceUntil;
    private final Duration heartbeatInterval;
    private final Clock clock;
    private final Consumer<ApiGatewayLink> onDelivered;
    private final Consumer<ApiGatewayLink> onGone;
    private final Object order = new Object();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null); // guarded by order
    private volatile boolean gone;
    private volatile boolean left;
    private volatile boolean handedOver;
    private volatile long deliveredSeq; // the highest seq of an event delivered; written on the post chain only
    private volatile Instant lastFrame; // when a frame other than a heartbeat was last handed to this link

    /**
     * @param wakeUps           runs waiting replays ({@link #whenRoom}) and retries; never blocks on API Gateway
     * @param heartbeatInterval a heartbeat is skipped when another frame was sent within it
     */
    ApiGatewayLink(String connectionId, ApiGatewayManagementApiAsyncClient api, Executor wakeUps, long maxPendingBytes,
                   Duration heartbeatInterval, Instant graceUntil, Clock clock, Consumer<ApiGatewayLink> onDelivered,
                   Consumer<ApiGatewayLink> onGone) {
        super(maxPendingBytes);
        this.connectionId = connectionId;
        this.api = api;
        this.wakeUps = wakeUps;
        this.heartbeatInterval = heartbeatInterval;
        this.graceUntil = graceUntil;
        this.clock = clock;
        this.onDelivered = onDelivered;
        this.onGone = onGone;
        this.lastFrame = Instant.MIN;
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
        Instant now = clock.instant();
        if (isHeartbeat(utf8)) {
            if (now.isBefore(lastFrame.plus(heartbeatInterval))) {
                return Sent.QUEUED; // the frame sent within the interval already shows the stream is alive
            }
        } else {
            lastFrame = now;
        }
        if (!take(utf8.length)) {
            return Sent.TOO_SLOW;
        }
        then(() -> post(utf8, 1).whenComplete((done, failure) -> delivered(utf8.length)));
        return Sent.QUEUED;
    }

    /** The event's seq, or 0 for a frame that has none (greeting, heartbeat, error, an unnumbered event). */
    static long seqOf(byte[] utf8) {
        if (utf8.length <= SEQ.length || !Arrays.equals(utf8, 0, SEQ.length, SEQ, 0, SEQ.length)) {
            return 0;
        }
        long seq = 0;
        for (int i = SEQ.length; i < utf8.length && utf8[i] >= '0' && utf8[i] <= '9' && seq < Long.MAX_VALUE / 10 - 9; i++) {
            seq = seq * 10 + (utf8[i] - '0');
        }
        return seq;
    }

    static boolean isHeartbeat(byte[] utf8) {
        return utf8.length >= HEARTBEAT.length && Arrays.equals(utf8, 0, HEARTBEAT.length, HEARTBEAT, 0, HEARTBEAT.length);
    }

    /** Runs a waiting replay on the wake-up executor (only while the connection is not gone: {@link #isOpen}). */
    @Override
    protected void wakeOn(Runnable waiter) {
        CompletableFuture.runAsync(waiter, wakeUps);
    }

    /** One PostToConnection, retried on failure; completes when it is delivered or given up, never exceptionally. */
    private CompletableFuture<Void> post(byte[] utf8, int attempt) {
        if (gone) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> call;
        try {
            call = api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(utf8)));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((answer, failure) -> {
            if (failure == null) {
                deliveredSeq = Math.max(deliveredSeq, seqOf(utf8));
                onDelivered.accept(this);
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (isGone(cause)) {
                if (clock.instant().isBefore(graceUntil)) {
                    return later(() -> post(utf8, attempt)); // $connect has not returned yet: API Gateway takes posts only once it has
                }
                leave();
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attempt >= ATTEMPTS) {
                LOG.warn("connection {}: post failed {} times, giving up on it: {}", connectionId, attempt, cause.toString());
                return end();
            }
            return later(() -> post(utf8, attempt + 1));
        }).thenCompose(next -> next);
    }

    private CompletableFuture<Void> later(Supplier<CompletableFuture<Void>> step) {
        Executor delayed = CompletableFuture.delayedExecutor(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS, wakeUps);
        return CompletableFuture.supplyAsync(step, delayed).thenCompose(next -> next);
    }

    /** 410: the client is no longer connected. */
    private static boolean isGone(Throwable e) {
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
        end();
    }

    /** Deletes the connection and lets the relay service forget it (and its record). */
    private CompletableFuture<Void> end() {
        gone = true;
        CompletableFuture<?> call;
        try {
            call = api.deleteConnection(r -> r.connectionId(connectionId));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((answer, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause != null && !isGone(cause)) {
                LOG.info("connection {}: delete failed, API Gateway ends it on its own: {}", connectionId, cause.toString());
            }
            leave();
            return null;
        });
    }

    /** The client left (410), cannot be reached, or was closed: the relay service forgets it. Once; not once handed over. */
    private void leave() {
        synchronized (order) {
            if (left || handedOver) {
                return;
            }
            left = true;
            gone = true;
        }
        onGone.accept(this);
    }

    /**
     * This relay stops posting to the connection, which stays open for the relay that takes over (nothing is deleted,
     * the relay service is not told it left). Completes when the post under way is done, with the highest seq of an
     * event delivered; frames not posted yet are not posted: the next relay replays them from history.
     */
    CompletableFuture<Long> handOver() {
        CompletableFuture<Void> last;
        synchronized (order) {
            handedOver = true;
            gone = true;
            last = tail;
        }
        return last.handle((done, failure) -> deliveredSeq);
    }

    /** Runs {@code step} after every step before it has completed (its future, not just its call). */
    private void then(Supplier<CompletableFuture<Void>> step) {
        synchronized (order) {
            tail = tail.thenCompose(done -> step.get()).exceptionally(e -> {
                LOG.warn("connection {}: {}", connectionId, e.toString());
                return null;
            });
        }
    }

    @Override
    public String toString() {
        return "API Gateway connection " + connectionId;
    }
}
