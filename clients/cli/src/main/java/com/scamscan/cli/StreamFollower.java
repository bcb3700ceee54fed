package com.scamscan.cli;

import com.scamscan.progress.CloseCode;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.protocol.StreamUrl;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import com.scamscan.task.TaskRecord;
import com.scamscan.task.TaskStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Follows one task's progress stream with the gateway's client rules: each event once, in order (repeats dropped
 * by {@code seq}); on a close whose {@link CloseCode#actionFor(int)} says so, and on a lost or silent connection,
 * reconnects with {@code last_seq} after an exponential backoff with jitter; stops after the final event and on
 * the codes that say stop. Never without an answer: when the stream has not been live (no {@code connected} frame
 * on an open connection) for {@code fallbackAfter}, it also reads the task's status URL (with its token), with
 * backoff, until the stream is live again or the task has finished; a finished task read there ends the follow
 * as its final event would, and 401 or 404 there stop it as 4401 or 4404 would.
 */
final class StreamFollower {

    /** How the stream ended. */
    sealed interface Outcome {
        /** The task's final event ({@code completed} or {@code failed}). */
        record Finished(ProgressEvent event) implements Outcome { }

        /** The gateway closed for good, or the client gave up. */
        record Stopped(int code, String why) implements Outcome { }
    }

    /** What the follower reports while it follows. */
    interface Listener {
        /** A task event, exactly once; {@code raw} is the frame as the gateway sent it. */
        void event(ProgressEvent event, String raw);

        /** The gateway's error frame before a close, or a note about the connection. */
        void notice(String message);
    }

    private static final Duration INITIAL_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_DELAY = Duration.ofSeconds(15);
    private static final Duration POLL_INITIAL = Duration.ofSeconds(1);
    private static final Duration POLL_MAX = Duration.ofSeconds(10);

    private final URI wsUrl;
    private final Duration silenceLimit;
    private final Listener listener;
    private final URI statusUrl; // null: no fallback
    private final Duration fallbackAfter;
    private final ObjectMapper json = ObjectMapper.getDefault();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "scamscan-stream");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    // confined to the timer thread
    private long lastSeq;
    private int attempt;
    private long connection; // numbers the connections, so that a stale one's callbacks are ignored
    private long lastFrameAt;
    private WebSocket socket;
    private boolean live;
    private long notLiveSince = System.nanoTime();
    private int pollAttempt; // 0: not polling
    private boolean pollDue; // a poll is running or scheduled
    private boolean gapAnnounced; // this connection's greeting said history lost events: its one seq jump is expected
    private long resumedAfterGapAt = -1; // the last seq a gap was resumed from: the same jump again is accepted

    StreamFollower(URI wsUrl, Duration silenceLimit, Listener listener) {
        this(wsUrl, silenceLimit, listener, null, Duration.ofSeconds(10));
    }

    /** With {@code statusUrl} (absolute, with its token): falls back to it after {@code fallbackAfter} without a live stream. */
    StreamFollower(URI wsUrl, Duration silenceLimit, Listener listener, URI statusUrl, Duration fallbackAfter) {
        this.wsUrl = wsUrl;
        this.silenceLimit = silenceLimit;
        this.listener = listener;
        this.statusUrl = statusUrl;
        this.fallbackAfter = fallbackAfter;
    }

    /** Starts following; the stage completes when the stream has ended. */
    CompletionStage<Outcome> start() {
        timer.execute(this::connect);
        long period = Math.max(100, Math.min(silenceLimit.toMillis(), fallbackAfter.toMillis()) / 4);
        timer.scheduleAtFixedRate(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
        return outcome.whenComplete((done, failure) -> {
            timer.shutdownNow();
            WebSocket open = socket;
            if (open != null) {
                open.abort();
            }
        });
    }

    private void connect() {
        if (outcome.isDone()) {
            return;
        }
        long id = ++connection;
        lastFrameAt = System.nanoTime();
        URI uri = StreamUrl.withLastSeq(wsUrl, lastSeq);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Frames(id))
                .whenComplete((ws, failure) -> post(() -> {
                    if (failure != null) {
                        lost(id, "could not connect: " + rootMessage(failure));
                    } else if (id == connection) {
                        socket = ws;
                    } else {
                        ws.abort();
                    }
                }));
    }

    private void frame(long id, String text) {
        if (id != connection || outcome.isDone()) {
            return;
        }
        lastFrameAt = System.nanoTime();
        if (text.startsWith("{\"heartbeat\"")) {
            return;
        }
        ProgressEvent event;
        try {
            event = json.readValue(text, ProgressEvent.class);
        } catch (IOException | RuntimeException e) {
            listener.notice("ignored a frame that is not an event: " + abbreviate(text));
            return;
        }
        if (event.step() == Step.CONNECTED) {
            if (attempt > 0 || pollAttempt > 0) {
                listener.notice("live updates are back; resuming after event " + lastSeq);
            }
            live = true;
            pollAttempt = 0;
            gapAnnounced = Boolean.FALSE.equals(event.resumed());
            if (gapAnnounced) {
                listener.notice("some events after " + lastSeq + " are no longer kept by the server"
                        + (event.firstSeq() == null ? "" : " (it still has " + event.firstSeq() + " on)")
                        + "; what follows is what is left");
                showCurrentState();
            }
            return;
        }
        if (event.seq() == null && Boolean.TRUE.equals(event.error())) {
            listener.notice(event.message()); // the gateway's reason for the close that follows
            return;
        }
        if (event.seq() != null) {
            if (event.seq() <= lastSeq) {
                return; // already reported before a reconnect
            }
            if (event.seq() > lastSeq + 1 && !gapAnnounced && resumedAfterGapAt == lastSeq) {
                // resumed once for this very gap and it came back unfilled: what is missing is gone
                listener.notice("events " + (lastSeq + 1) + " to " + (event.seq() - 1) + " are no longer kept by the server");
            } else if (event.seq() > lastSeq + 1 && !gapAnnounced) {
                // events were skipped without a word: resume after the last one seen, the gateway replays the rest
                resumedAfterGapAt = lastSeq;
                WebSocket skipped = socket;
                if (skipped != null) {
                    skipped.abort();
                }
                socket = null;
                notLive();
                retry("event " + event.seq() + " came after " + lastSeq + "; resuming to fetch what is between", true);
                return;
            }
            gapAnnounced = false; // the announced jump happened (or did not need to)
            lastSeq = event.seq();
        }
        attempt = 0;
        listener.event(event, text);
        if (event.step().isTerminal()) {
            outcome.complete(new Outcome.Finished(event));
        }
    }

    private void closed(long id, int code, String reason) {
        if (id != connection || outcome.isDone()) {
            return;
        }
        socket = null;
        notLive();
        CloseCode.ClientAction action = CloseCode.actionFor(code);
        String why = CloseCode.find(code).map(CloseCode::reason).orElse(reason == null || reason.isEmpty() ? "closed" : reason);
        if (action == CloseCode.ClientAction.STOP) {
            outcome.complete(new Outcome.Stopped(code, why));
        } else {
            retry(code + " " + why, action == CloseCode.ClientAction.RECONNECT);
        }
    }

    private void lost(long id, String why) {
        if (id != connection || outcome.isDone()) {
            return;
        }
        socket = null;
        notLive();
        retry(why, false);
    }

    private void retry(String why, boolean atOnce) {
        attempt++;
        long delay = atOnce && attempt == 1 ? 0 : backoffMillis(attempt);
        listener.notice("connection lost (" + why + "); reconnecting in " + delay + " ms");
        connection++; // whatever the old connection still reports is ignored
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void notLive() {
        if (live) {
            live = false;
            notLiveSince = System.nanoTime();
        }
    }

    private void checkSilence() {
        if (!outcome.isDone() && statusUrl != null && !live && pollAttempt == 0
                && System.nanoTime() - notLiveSince >= fallbackAfter.toNanos()) {
            listener.notice("live updates paused; still checking the task's status");
            poll();
        }
        if (outcome.isDone() || System.nanoTime() - lastFrameAt < silenceLimit.toNanos()) {
            return;
        }
        WebSocket silent = socket;
        long id = connection;
        if (silent != null) {
            silent.abort();
        }
        lost(id, "nothing heard for " + silenceLimit.toSeconds() + " s");
    }

    /** Reads the status URL once and says where the task stands (after the stream said some events are lost). */
    private void showCurrentState() {
        if (statusUrl == null) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(statusUrl).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> post(() -> {
            if (outcome.isDone() || response == null || response.statusCode() != 200) {
                return;
            }
            try {
                TaskRecord task = json.readValue(response.body(), TaskRecord.class);
                listener.notice("the task now: " + task.status().wireName() + ", " + task.percent() + "%"
                        + (task.message() == null ? "" : ": " + task.message()));
            } catch (IOException | RuntimeException e) {
                listener.notice("the status URL answered something that is not a task");
            }
        }));
    }

    /** Reads the status URL once; schedules the next read unless the stream is live again or the task ended. */
    private void poll() {
        if (outcome.isDone() || live || pollDue) {
            return;
        }
        pollDue = true;
        pollAttempt++;
        HttpRequest request = HttpRequest.newBuilder(statusUrl).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> post(() -> polled(response)));
    }

    private void polled(HttpResponse<String> response) {
        pollDue = false;
        if (outcome.isDone() || live) {
            return;
        }
        if (response != null && (response.statusCode() == 401 || response.statusCode() == 404)) {
            CloseCode code = response.statusCode() == 401 ? CloseCode.UNAUTHORIZED : CloseCode.UNKNOWN_TASK;
            outcome.complete(new Outcome.Stopped(code.code(), code.reason()));
            return;
        }
        if (response != null && response.statusCode() == 200) {
            try {
                TaskRecord task = json.readValue(response.body(), TaskRecord.class);
                if (task.status() == TaskStatus.COMPLETED || task.status() == TaskStatus.FAILED) {
                    ProgressEvent last = finalEvent(task);
                    if (last.seq() == null || last.seq() > lastSeq) {
                        listener.event(last, json.writeValueAsString(last)); // --json prints it as the stream would have
                    }
                    outcome.complete(new Outcome.Finished(last));
                    return;
                }
            } catch (IOException | RuntimeException e) {
                listener.notice("the status URL answered something that is not a task");
            }
        }
        long delay = Math.min(POLL_MAX.toMillis(), POLL_INITIAL.toMillis() << Math.min(20, pollAttempt - 1));
        pollDue = true;
        timer.schedule(() -> {
            pollDue = false;
            poll();
        }, delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1), TimeUnit.MILLISECONDS);
    }

    /** The final event a finished task record stands for, as the stream would have sent it. */
    static ProgressEvent finalEvent(TaskRecord task) {
        boolean completed = task.status() == TaskStatus.COMPLETED;
        Instant at = task.updatedAt() != null ? task.updatedAt() : Instant.now();
        return new ProgressEvent(task.seq() > 0 ? task.seq() : null, completed ? Step.COMPLETED : Step.FAILED, null,
                task.message() == null ? (completed ? "Analysis complete" : "The analysis failed") : task.message(),
                completed ? 100 : task.percent(), completed ? null : Boolean.TRUE, at, completed ? task.verdict() : null,
                null, null);
    }

    /** Gives up: the caller's time limit passed. */
    void stop(String why) {
        outcome.complete(new Outcome.Stopped(0, why));
    }

    /** Runs on the timer thread; after the end there is nothing left to do. */
    private void post(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException e) {
            // the stream has ended
        }
    }

    /** Exponential, capped, with "equal jitter": half the ceiling plus a random part of the other half. */
    static long backoffMillis(int attempt) {
        long ceiling = Math.min(MAX_DELAY.toMillis(), INITIAL_DELAY.toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** One connection's callbacks, handed over to the timer thread (which owns the state). */
    private final class Frames implements WebSocket.Listener {
        private final long id;
        private final StringBuilder partial = new StringBuilder();

        Frames(long id) {
            this.id = id;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                post(() -> frame(id, text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            post(() -> closed(id, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            post(() -> lost(id, rootMessage(error)));
        }
    }
}
