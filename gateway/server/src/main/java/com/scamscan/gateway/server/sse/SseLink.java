package com.scamscan.gateway.server.sse;

import com.scamscan.gateway.relay.BoundedLink;
import com.scamscan.gateway.relay.ClientLink;
import com.scamscan.progress.CloseCode;
import io.micronaut.http.sse.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A Server-Sent Events stream this gateway serves: the relay's frames become SSE events that Micronaut writes as
 * the client reads ({@code text/event-stream}). It is the response body's {@link Publisher} (one subscriber, the
 * server) and the relay's {@link ClientLink}:
 * <ul>
 * <li>every frame is one event whose {@code data} is the exact JSON the WebSocket would carry; a task event also
 * has {@code id: SEQ}, which a browser's {@code EventSource} sends back as {@code Last-Event-ID} when it reconnects;</li>
 * <li>a heartbeat is an event named {@code heartbeat} (data: the heartbeat JSON), which an {@code EventSource}'s
 * {@code onmessage} does not see but a client can listen for, to tell a quiet stream from a dead connection;</li>
 * <li>a close is an {@code event: close} whose data is {@code {"code":N,"reason":"..."}}, the WebSocket close code
 * and what it means, after which the response ends;</li>
 * <li>bytes not yet taken by the server count against {@code max-pending-bytes} as on a WebSocket (the server takes an
 * event only when the connection can be written), so a client that stops reading is found the same way; and since
 * SSE has no ping, a client counts as alive while it keeps taking what it is sent.</li>
 * </ul>
 */
public final class SseLink extends BoundedLink implements Publisher<Event<String>> {

    /** The SSE event name of the close notice (the default event name, {@code message}, carries every frame). */
    public static final String CLOSE_EVENT = "close";
    /** The SSE event name of a heartbeat. */
    public static final String HEARTBEAT_EVENT = "heartbeat";

    private static final AtomicLong IDS = new AtomicLong();

    private final String id = "sse-" + IDS.incrementAndGet();
    private final Duration closeGrace;
    private final Consumer<SseLink> alive;
    private final Consumer<SseLink> gone;

    // guarded by this
    private final Deque<Queued> queue = new ArrayDeque<>();
    private Subscriber<? super Event<String>> subscriber;
    private long demand;
    private boolean emitting; // one thread emits at a time; a request made while emitting is served by that loop
    private boolean closing; // the close event is queued: the response ends once it is taken
    private boolean ended; // completed, failed or cancelled: nothing more goes out
    private Throwable failing; // an error to signal once nothing is being emitted (Reactive Streams: no overlap)
    private long taken; // events the server took, to tell a reading client from a stuck one
    private long takenAtLastPing = -1;

    /** An event waiting for the server, with the bytes it counts against the allowance (0: not counted). */
    private record Queued(Event<String> event, int bytes) {
    }

    /**
     * @param alive told (from {@link #ping}) that the client is reading: the relay's pong
     * @param gone told once when the client went away (the server cancelled the response)
     */
    public SseLink(long maxPendingBytes, Duration closeGrace, Consumer<SseLink> alive, Consumer<SseLink> gone) {
        super(maxPendingBytes);
        this.closeGrace = closeGrace;
        this.alive = alive;
        this.gone = gone;
    }

    @Override
    public void subscribe(Subscriber<? super Event<String>> server) {
        synchronized (this) {
            if (subscriber == null) {
                subscriber = server;
                emitting = true; // nothing is signalled before onSubscribe returns
            } else {
                server.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                server.onError(new IllegalStateException("an SSE stream has one subscriber"));
                return;
            }
        }
        server.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                requested(n);
            }

            @Override
            public void cancel() {
                cancelled();
            }
        });
        synchronized (this) {
            emitting = false;
        }
        emit();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "sse";
    }

    @Override
    public synchronized boolean isOpen() {
        return !ended && !closing;
    }

    @Override
    public Sent send(byte[] utf8) {
        return enqueue(Event.of(text(utf8)), utf8.length);
    }

    @Override
    public Sent sendEvent(byte[] utf8, long seq) {
        return enqueue(Event.of(text(utf8)).id(Long.toString(seq)), utf8.length);
    }

    @Override
    public Sent sendHeartbeat(byte[] utf8) {
        return enqueue(Event.of(text(utf8)).name(HEARTBEAT_EVENT), utf8.length);
    }

    private Sent enqueue(Event<String> event, int bytes) {
        synchronized (this) {
            if (ended || closing) {
                return Sent.GONE;
            }
            if (!take(bytes)) {
                return Sent.TOO_SLOW;
            }
            queue.add(new Queued(event, bytes));
        }
        emit();
        return Sent.QUEUED;
    }

    @Override
    protected void wakeOn(Runnable waiter) {
        CompletableFuture.runAsync(waiter);
    }

    /** No ping in SSE: the client is alive when it took everything, or took something since the last ask. */
    @Override
    public void ping() {
        boolean reading;
        synchronized (this) {
            reading = !ended && (queue.isEmpty() || taken != takenAtLastPing);
            takenAtLastPing = taken;
        }
        if (reading) {
            alive.accept(this);
        }
    }

    @Override
    public void close(CloseCode code) {
        synchronized (this) {
            if (ended || closing) {
                return;
            }
            closing = true;
            queue.add(new Queued(Event.of(closeData(code)).name(CLOSE_EVENT), 0));
        }
        emit();
    }

    @Override
    public void abort() {
        forgetWaiter();
        CompletableFuture.delayedExecutor(closeGrace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (this) {
                if (ended) {
                    return;
                }
                queue.clear();
                failing = new IllegalStateException("the client did not read its stream");
            }
            emit();
        });
    }

    /** The close notice's JSON: the code and what it means (docs/protocol.md's close codes). */
    static String closeData(CloseCode code) {
        return "{\"code\":" + code.code() + ",\"reason\":\"" + code.reason().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private void requested(long n) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (n <= 0) {
                queue.clear();
                failing = new IllegalArgumentException("Reactive Streams 3.9: request(" + n + ")");
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
        }
        emit();
    }

    private void cancelled() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            queue.clear();
        }
        forgetWaiter();
        // told on another thread: a cancel can come from inside onNext, under the stream's monitor, where the relay's
        // detach (subscriptions, budget slot) must not run (ClientStream's lock order)
        CompletableFuture.runAsync(() -> gone.accept(this));
    }

    /** Hands queued events to the server while it asks for them; ends the response after the close event. */
    private void emit() {
        while (true) {
            Queued next;
            boolean complete = false;
            Throwable error;
            Subscriber<? super Event<String>> server;
            synchronized (this) {
                if (emitting || subscriber == null || ended) {
                    return;
                }
                server = subscriber;
                error = failing;
                if (error != null) {
                    ended = true;
                    next = null;
                } else if (queue.isEmpty()) {
                    if (!closing) {
                        return;
                    }
                    ended = true;
                    complete = true;
                    next = null;
                } else if (demand == 0) {
                    return;
                } else {
                    next = queue.poll();
                    demand--;
                    taken++;
                    emitting = true;
                }
            }
            if (error != null) {
                server.onError(error);
                return;
            }
            if (complete) {
                server.onComplete();
                return;
            }
            try {
                server.onNext(next.event());
            } finally {
                synchronized (this) {
                    emitting = false;
                }
                if (next.bytes() > 0) {
                    delivered(next.bytes());
                }
            }
        }
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SSE stream " + id;
    }
}
