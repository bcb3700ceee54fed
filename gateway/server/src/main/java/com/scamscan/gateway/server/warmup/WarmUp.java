package com.scamscan.gateway.server.warmup;

import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.protocol.StreamUrl;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.security.RateLimitSettings;
import com.scamscan.security.RateLimiter;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the gateway's hot path before it reports itself healthy: once the server listens, streams of synthetic
 * tasks over loopback go the whole way real ones do (a real WebSocket client, one in ten over Server-Sent Events,
 * with a stream token, through admission and the budget, Lettuce's pub/sub, the relay, the outbox and Netty's
 * writes), so that the JIT has compiled that path before the load balancer sends the first client
 * (docs/capacity.md, "Cold start"). Until it is done, {@link WarmUpHealth} reports DOWN; a warm-up that fails or
 * runs out of time is abandoned with one warning and the gateway is healthy anyway.
 *
 * <p>The tasks are registered as scan-api registers them ({@link TaskRegistry#initialFields}) with a TTL of the
 * warm-up's timeout plus a minute, published with the shared {@link ProgressPublisher}, each stream ends with a
 * {@code completed} event (the gateway closes it with 1000, which releases its budget slot and subscription), and
 * the tasks' records and histories are deleted at the end, whatever happened. Each round's handshakes count
 * against loopback's connect limit like any client's; the round gives them back ({@link RateLimiter#refund}) when
 * it ends, and a round is at most a quarter of the limit, so that a few gateways starting at once are not refused.
 */
@Context // made with the context, so that its settings are checked at startup
public class WarmUp implements ApplicationEventListener<ServerStartupEvent> {

    /** Where the warm-up is. */
    public enum Phase {
        /** Turned off: nothing to wait for. */
        OFF,
        /** Not started, or running: the gateway is not ready yet. */
        WARMING,
        /** Finished, completely or not. */
        DONE
    }

    /**
     * What the warm-up did.
     *
     * @param streams streams opened
     * @param completed streams that got every event and were closed with 1000
     * @param eventsExpected events the streams should have got
     * @param eventsReceived events the streams got
     * @param millis how long it took
     * @param failure why it did not finish, null when it did
     */
    public record Result(int streams, int completed, long eventsExpected, long eventsReceived, long millis,
                         @Nullable String failure) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** One stream in this many is a Server-Sent Events stream. */
    private static final int SSE_EVERY = 10;
    private static final List<Step> TOOL_STEPS = List.of(Step.ENTITY_EXTRACTION, Step.SCAM_DB, Step.EXA_SEARCH,
            Step.DOMAIN_REPUTATION, Step.PHONE_VALIDATOR, Step.REASONING);
    private static final Verdict VERDICT = new Verdict(VerdictLabel.LIKELY_SAFE, 0, List.of("warm-up"), Entities.none());

    private final WarmUpSettings settings;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final ProgressPublisher publisher;
    private final StreamTokens tokens;
    private final RateLimiter rateLimiter;
    private final RateLimitSettings rateLimits;
    private final @Nullable WarmUpHold hold;
    private volatile Phase phase;
    private volatile @Nullable Result result;

    public WarmUp(WarmUpSettings settings, RedisClusterAsyncCommands<String, String> redis, RedisNames names,
                  ProgressPublisher publisher, StreamTokens tokens, RateLimiter rateLimiter, RateLimitSettings rateLimits,
                  @Nullable WarmUpHold hold) {
        this.settings = settings;
        this.redis = redis;
        this.names = names;
        this.publisher = publisher;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.rateLimits = rateLimits;
        this.hold = hold;
        this.phase = settings.enabled() ? Phase.WARMING : Phase.OFF;
    }

    public Phase phase() {
        return phase;
    }

    /** What the warm-up did; null until it is done (and always when it is off). */
    public @Nullable Result result() {
        return result;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (phase != Phase.WARMING) {
            return;
        }
        int port = event.getSource().getPort();
        Thread thread = new Thread(() -> run(port), "gateway-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many streams are open at once: at most a quarter of the connect limit (when there is one). */
    int round() {
        int round = Math.min(settings.concurrency(), settings.connections());
        int limit = rateLimits.connectsPerWindow();
        return limit > 0 ? Math.max(1, Math.min(round, limit / 4)) : round;
    }

    private void run(int port) {
        long started = System.nanoTime();
        long deadline = started + settings.timeout().toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        List<String> tasks = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        AtomicInteger uncounted = new AtomicInteger(); // handshakes not given back to the connect limit yet
        String failure = null;
        try {
            if (hold != null) {
                await(hold.released().toCompletableFuture(), deadline);
            }
            int round = round();
            for (int opened = 0; opened < settings.connections(); opened += round) {
                int n = Math.min(round, settings.connections() - opened);
                List<Stream> these = new ArrayList<>();
                List<CompletableFuture<?>> registered = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String taskId = TaskId.random();
                    tasks.add(taskId);
                    registered.add(register(taskId));
                }
                await(CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)), deadline);
                for (int i = 0; i < n; i++) {
                    String taskId = tasks.get(opened + i);
                    uncounted.incrementAndGet();
                    Stream stream = (opened + i) % SSE_EVERY == SSE_EVERY - 1 ? sse(http, port, taskId) : webSocket(http, port, taskId);
                    these.add(stream);
                    streams.add(stream);
                }
                // live events, not a replay: publish once every WebSocket stream has its connected frame
                await(CompletableFuture.allOf(these.stream().map(s -> s.connected).toArray(CompletableFuture[]::new)), deadline);
                List<CompletableFuture<?>> published = new ArrayList<>();
                for (Stream stream : these) {
                    published.add(publishAll(stream.taskId));
                }
                await(CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)), deadline);
                await(CompletableFuture.allOf(these.stream().map(s -> s.done).toArray(CompletableFuture[]::new)), deadline);
                giveBack(uncounted.getAndSet(0));
            }
        } catch (TimeoutException e) {
            failure = "not done within " + settings.timeout().toMillis() + " ms (" + WarmUpSettings.PREFIX + ".timeout)";
        } catch (ExecutionException e) {
            failure = describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (RuntimeException e) {
            failure = describe(e);
        } finally {
            streams.forEach(Stream::abort);
            giveBack(uncounted.getAndSet(0));
            delete(tasks);
        }
        long expected = (long) streams.size() * settings.events();
        long received = streams.stream().mapToLong(s -> s.events.get()).sum();
        int completed = (int) streams.stream().filter(s -> s.events.get() == settings.events() && s.closedNormally()).count();
        if (failure == null && completed < settings.connections()) {
            failure = (settings.connections() - completed) + " of " + settings.connections() + " streams did not get every event and a normal close";
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        result = new Result(streams.size(), completed, expected, received, millis, failure);
        if (failure == null) {
            LOG.info("Warmed up in {} ms: {} streams, {} events", millis, streams.size(), received);
        } else {
            LOG.warn("Warm-up abandoned after {} ms, the gateway is ready without it: {}; {} of {} streams complete, {} of {} events",
                    millis, failure, completed, settings.connections(), received, expected);
        }
        phase = Phase.DONE;
    }

    private CompletableFuture<?> register(String taskId) {
        String key = names.task(taskId);
        List<String> fields = TaskRegistry.initialFields(Instant.now());
        Map<String, String> record = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            record.put(fields.get(i), fields.get(i + 1));
        }
        long ttl = settings.timeout().toSeconds() + 60; // gone soon should this process die before it deletes them
        return redis.hset(key, record).thenCompose(n -> redis.expire(key, ttl)).toCompletableFuture();
    }

    /** The task's events, one after the other (a task's percent never goes down), the last one {@code completed}. */
    private CompletableFuture<?> publishAll(String taskId) {
        CompletionStage<?> chain = CompletableFuture.completedFuture(null);
        int progress = settings.events() - 1;
        for (int i = 0; i < progress; i++) {
            Step step = TOOL_STEPS.get(i % TOOL_STEPS.size());
            int percent = Math.min(99, (i + 1) * 100 / settings.events());
            chain = chain.thenCompose(x -> publisher.publish(taskId,
                    ProgressEvent.progress(step, step.wireName(), "Warming up", percent, Instant.now())));
        }
        return chain.thenCompose(x -> publisher.publish(taskId,
                ProgressEvent.completed(Step.REASONING.wireName(), "Warm-up complete", VERDICT, Instant.now())))
                .toCompletableFuture();
    }

    private void giveBack(int handshakes) {
        List<CompletableFuture<?>> refunds = new ArrayList<>();
        for (int i = 0; i < handshakes; i++) {
            refunds.add(rateLimiter.refund(RateLimiter.Kind.CONNECT, LOOPBACK).toCompletableFuture());
        }
        settle(refunds, "give back the connect limit");
    }

    private void delete(List<String> tasks) {
        List<CompletableFuture<?>> deletes = new ArrayList<>();
        for (String taskId : tasks) {
            deletes.add(redis.del(names.task(taskId), names.history(taskId)).toCompletableFuture());
        }
        settle(deletes, "delete its tasks");
    }

    /** Waits a little for clean-up commands; one that fails or hangs is logged (the keys' TTL ends them anyway). */
    private static void settle(List<CompletableFuture<?>> commands, String what) {
        if (commands.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Warm-up could not {}: {}", what, describe(e instanceof ExecutionException ? e.getCause() : e));
        }
    }

    private static void await(CompletableFuture<?> future, long deadline)
            throws TimeoutException, ExecutionException, InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        future.get(left, TimeUnit.NANOSECONDS);
    }

    /** An exception's class and message, with any token in a URL taken out. */
    static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage()).replaceAll("(?i)token=[^&\\s]*", "token=(hidden)");
        return e.getClass().getSimpleName() + ": " + message;
    }

    private String query(String taskId) {
        return "?" + StreamUrl.TOKEN + "=" + tokens.issue(taskId);
    }

    private Stream webSocket(HttpClient http, int port, String taskId) {
        Stream stream = new Stream(taskId);
        URI uri = URI.create("ws://" + LOOPBACK + ":" + port + StreamUrl.path(taskId) + query(taskId));
        http.newWebSocketBuilder().buildAsync(uri, stream.listener()).whenComplete((socket, failure) -> {
            if (failure != null) {
                stream.fail(failure);
            } else {
                stream.socket = socket;
                if (stream.aborted) {
                    socket.abort(); // the handshake finished after the warm-up gave up: not left open
                }
            }
        });
        return stream;
    }

    private Stream sse(HttpClient http, int port, String taskId) {
        Stream stream = new Stream(taskId);
        stream.connected.complete(null); // a Server-Sent Events stream's first events come from history if need be
        URI uri = URI.create("http://" + LOOPBACK + ":" + port + StreamUrl.SSE_PREFIX + taskId + query(taskId));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
        stream.response = http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(stream.lines()))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        stream.fail(failure);
                    } else if (response.statusCode() != 200) {
                        stream.fail(new IllegalStateException("Server-Sent Events stream answered " + response.statusCode()));
                    } else {
                        stream.done.complete(null);
                    }
                });
        return stream;
    }

    /** One warm-up stream: counts the events it gets and how it was closed. */
    private static final class Stream {

        final String taskId;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicLong events = new AtomicLong();
        volatile int closeCode = -1;
        volatile WebSocket socket;
        volatile boolean aborted;
        volatile CompletableFuture<?> response;

        Stream(String taskId) {
            this.taskId = taskId;
        }

        boolean closedNormally() {
            return closeCode == 1000;
        }

        void frame(CharSequence text) {
            if (startsWith(text, "{\"seq\":")) {
                events.incrementAndGet();
            }
            connected.complete(null); // the first frame is the connected frame
        }

        void fail(Throwable failure) {
            connected.completeExceptionally(failure);
            done.completeExceptionally(failure);
        }

        void abort() {
            aborted = true;
            WebSocket s = socket;
            if (s != null && !done.isDone()) {
                s.abort();
            }
            CompletableFuture<?> r = response;
            if (r != null && !r.isDone()) {
                r.cancel(true);
            }
            fail(new IllegalStateException("aborted"));
        }

        WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    if (last && partial.length() == 0) {
                        frame(data);
                    } else {
                        partial.append(data);
                        if (last) {
                            frame(partial);
                            partial.setLength(0);
                        }
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    closeCode = statusCode;
                    done.complete(null);
                    connected.complete(null);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    fail(error);
                }
            };
        }

        Flow.Subscriber<String> lines() {
            return new Flow.Subscriber<>() {
                private boolean closeEvent;

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("event:")) {
                        closeEvent = line.substring(6).trim().equals("close");
                    } else if (line.startsWith("data:")) {
                        String data = line.substring(5).trim();
                        if (closeEvent) {
                            closeCode = data.contains("\"code\":1000") ? 1000 : 0;
                        } else {
                            frame(data);
                        }
                    } else if (line.isEmpty()) {
                        closeEvent = false;
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                    fail(throwable);
                }

                @Override
                public void onComplete() {
                    // the response's future completes the stream
                }
            };
        }

        private static boolean startsWith(CharSequence text, String prefix) {
            if (text.length() < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (text.charAt(i) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
