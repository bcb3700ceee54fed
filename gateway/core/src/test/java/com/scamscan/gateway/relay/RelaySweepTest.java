package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.progress.CloseCode;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.RedisNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The sweep's policies over a stream, with a clock the test moves, a fake subscriber that says whether Redis serves
 * the channel, and a fake answer to "is the task still in scan-api's hands": no Redis, no waiting.
 */
class RelaySweepTest {

    private static final Duration NO_PROGRESS = Duration.ofSeconds(60);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration REDIS_DOWN = Duration.ofSeconds(10);

    private final MovingClock clock = new MovingClock();
    private final FakeSubscriber subscriber = new FakeSubscriber();
    private final FakeHistory history = new FakeHistory();
    private final FakeLink link = new FakeLink();
    private final List<CompletableFuture<Boolean>> questions = new ArrayList<>();
    private final GatewaySettings settings = new GatewaySettings(Duration.ofSeconds(15), NO_PROGRESS, CLIENT_TIMEOUT,
            Duration.ofSeconds(1), REDIS_DOWN, Duration.ofSeconds(5), 1024, 262144, 10, Duration.ofSeconds(10), false);
    private final RelayMetrics metrics = new RelayMetrics(new SimpleMeterRegistry());
    private final Subscriptions subscriptions = new Subscriptions(subscriber, RedisNames.standalone(), metrics);
    private final RelaySweep sweep = new RelaySweep(settings, clock, this::awaitsWorker, subscriptions);
    private int detached;

    private CompletionStage<Boolean> awaitsWorker(String taskId) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        questions.add(answer);
        return answer;
    }

    private static byte[] encode(Object frame) {
        String step = frame instanceof ProgressEvent event ? event.step().wireName() : "heartbeat";
        return ("{\"step\":\"" + step + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A client live on its task, subscribed through {@link Subscriptions}. */
    private ClientStream live() {
        StreamContext context = new StreamContext(settings, history, RelaySweepTest::encode, clock, metrics);
        ClientStream stream = new ClientStream(link, "task-1", 0, 0, false, context, s -> {
            detached++;
            subscriptions.leave(s);
        });
        stream.start(subscriptions.join(stream));
        history.answer();
        assertEquals(StreamState.LIVE, stream.state());
        return stream;
    }

    private void sweepAfter(Duration elapsed, ClientStream stream) {
        clock.advance(elapsed);
        sweep.run(List.of(stream));
    }

    /** Time passes in steps shorter than the client timeout, the client answering a ping before each sweep. */
    private void answeringPingsFor(Duration elapsed, ClientStream stream) {
        for (Duration left = elapsed; !left.isZero(); ) {
            Duration step = left.compareTo(Duration.ofSeconds(30)) < 0 ? left : Duration.ofSeconds(30);
            clock.advance(step);
            stream.liveness.pong(clock.instant());
            sweep.run(List.of(stream));
            left = left.minus(step);
        }
    }

    @Test
    void aClientThatAnswersNoPingForTheClientTimeoutIsDroppedWith1001() {
        ClientStream stream = live();
        sweepAfter(CLIENT_TIMEOUT.minusSeconds(1), stream);
        stream.liveness.pong(clock.instant()); // alive: its timer restarts
        stream.offer(RelayEvent.parse(ClientStreamTest.json(1, "scam_db")).orElseThrow()); // and so does progress
        sweepAfter(CLIENT_TIMEOUT.minusSeconds(1), stream);
        assertTrue(link.closes.isEmpty());
        sweepAfter(Duration.ofSeconds(1), stream);
        assertEquals(List.of(CloseCode.GOING_AWAY), link.closes);
        assertTrue(link.aborted);
        assertEquals(0, subscriptions.count());
    }

    @Test
    void aChannelNotServedForTheRedisDownTimeoutClosesItsClientsWith1011() {
        ClientStream stream = live();
        subscriber.serving = false;
        sweepAfter(Duration.ZERO, stream); // the outage starts counting here
        sweepAfter(REDIS_DOWN.minusMillis(1), stream);
        assertTrue(link.closes.isEmpty());
        sweepAfter(Duration.ofMillis(1), stream);
        assertEquals(List.of(CloseCode.REDIS_UNAVAILABLE), link.closes);
        assertEquals(List.of("connected", "failed"), link.sent());
    }

    @Test
    void anOutageShorterThanTheBoundIsForgottenOnceTheChannelIsServedAgain() {
        ClientStream stream = live();
        subscriber.serving = false;
        sweepAfter(Duration.ZERO, stream);
        sweepAfter(REDIS_DOWN.minusSeconds(1), stream);
        subscriber.serving = true;
        sweepAfter(Duration.ofSeconds(1), stream);
        subscriber.serving = false;
        sweepAfter(REDIS_DOWN.minusSeconds(1), stream); // a new outage, counted from its own start
        assertTrue(link.closes.isEmpty());
    }

    @Test
    void noProgressAsksWhetherTheTaskWaitsForAWorkerAndClosesWith4408OnlyWhenItDoesNot() {
        ClientStream stream = live();
        answeringPingsFor(NO_PROGRESS, stream);
        sweepAfter(Duration.ZERO, stream); // one question at a time
        assertEquals(1, questions.size());
        questions.get(0).complete(true); // still queued: its timer restarts from the question
        answeringPingsFor(NO_PROGRESS.minusSeconds(1), stream);
        assertEquals(1, questions.size());
        assertTrue(link.closes.isEmpty());

        answeringPingsFor(Duration.ofSeconds(1), stream);
        assertEquals(2, questions.size());
        questions.get(1).complete(false);
        assertEquals(List.of(CloseCode.NO_PROGRESS), link.closes);
        assertEquals(List.of("connected", "failed"), link.sent());
    }

    @Test
    void aSessionThatClosedUnderARaceIsDetachedWithoutACloseFrame() {
        ClientStream stream = live();
        link.open = false;
        sweepAfter(Duration.ofSeconds(1), stream);
        assertEquals(1, detached);
        assertTrue(link.closes.isEmpty());
        assertEquals(StreamState.CLOSED, stream.state());
    }

    @Test
    void aFailedCatchUpIsRetriedOnlyWhileRedisServesTheChannel() {
        ClientStream stream = live();
        stream.catchUp();
        history.last().answer().completeExceptionally(new IllegalStateException("Redis down"));
        subscriber.serving = false;
        sweepAfter(Duration.ofSeconds(1), stream);
        assertEquals(2, history.reads.size());
        subscriber.serving = true;
        sweepAfter(Duration.ofSeconds(1), stream);
        assertEquals(3, history.reads.size());
        assertFalse(link.aborted);
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Subscribes at once; serves every channel while {@code serving}. */
    private static final class FakeSubscriber implements ChannelSubscriber {
        boolean serving = true;

        @Override
        public void listen(Listener listener) {
        }

        @Override
        public CompletionStage<Void> subscribe(String channel) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void unsubscribe(String channel) {
        }

        @Override
        public boolean serves(String channel) {
            return serving;
        }

        @Override
        public boolean isOpen() {
            return serving;
        }

        @Override
        public void maintain() {
        }

        @Override
        public void close() {
        }
    }
}
