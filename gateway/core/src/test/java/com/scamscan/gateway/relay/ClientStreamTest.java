package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.progress.CloseCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.scamscan.progress.ProgressEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One client's stream, driven directly with a fake link and a fake history whose reads the test answers: no Redis,
 * no WebSocket server, no waiting. {@code sent()} lists the seqs and gateway steps in the order the client got them.
 */
class ClientStreamTest {

    private static final int BOUND = 3;

    private final FakeLink link = new FakeLink();
    private final FakeHistory history = new FakeHistory();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private int detached;

    static String json(long seq, String step) {
        return "{\"seq\":" + seq + ",\"step\":\"" + step + "\",\"message\":\"m\"}";
    }

    /**
     * The gateway's own frames by their step alone: their JSON is the contract's, tested with the contract types
     * (the serialiser takes seconds to start, these tests milliseconds).
     */
    private static byte[] encode(Object frame) {
        String json = frame instanceof ProgressEvent event ? "{\"step\":\"" + event.step().wireName() + "\""
                + (event.resumed() == null ? "" : ",\"resumed\":" + event.resumed())
                + (event.firstSeq() == null ? "" : ",\"first_seq\":" + event.firstSeq()) + "}" : "{\"heartbeat\":true}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static RelayEvent event(long seq) {
        return RelayEvent.parse(json(seq, "scam_db")).orElseThrow();
    }

    private static RelayEvent finalEvent(long seq) {
        return RelayEvent.parse(json(seq, "completed")).orElseThrow();
    }

    private ClientStream stream(long lastSeq, long seqAtOpen, boolean finishedAtOpen) {
        GatewaySettings settings = new GatewaySettings(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(45),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), 1024, 262144, BOUND,
                Duration.ofSeconds(10), false);
        StreamContext context = new StreamContext(settings, history, ClientStreamTest::encode,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), new RelayMetrics(meters));
        return new ClientStream(link, "task-1", lastSeq, seqAtOpen, finishedAtOpen, context, s -> detached++);
    }

    /** A stream greeted, subscribed and replayed up to {@code lastSeq}: live from there. */
    private ClientStream live(long lastSeq) {
        ClientStream stream = stream(lastSeq, lastSeq, false);
        stream.start(CompletableFuture.completedFuture(null));
        history.answer();
        assertEquals(StreamState.LIVE, stream.state());
        return stream;
    }

    private double closes(CloseCode code) {
        return meters.counter("scamscan.gateway.closes", "code", Integer.toString(code.code())).count();
    }

    @Test
    void greetsThenReplaysHistoryThenTheLiveEventsHeldMeanwhileInSeqOrder() {
        ClientStream stream = stream(0, 2, false);
        stream.start(CompletableFuture.completedFuture(null));
        assertEquals(StreamState.CONNECTING, stream.state());
        assertEquals(0, history.last().afterSeq());

        stream.offer(event(3)); // published while history is read: held
        stream.offer(event(4));
        stream.heartbeat("{\"heartbeat\":true}".getBytes()); // only a ping: the greeting comes first
        assertEquals(List.of(), link.sent());
        assertEquals(1, link.pings);

        history.answer(1, 2, 3); // history already has 3: sent once
        assertEquals(List.of("connected", "1", "2", "3", "4"), link.sent());
        assertEquals(StreamState.LIVE, stream.state());
        assertEquals(4, stream.lastSeq());
        assertEquals(1.0, meters.counter("scamscan.gateway.events.dropped", "reason", "duplicate").count());
    }

    @Test
    void theGreetingSaysTheResumeIsCompleteWhenHistoryStartsRightAfterLastSeq() {
        ClientStream stream = stream(3, 5, false);
        stream.start(CompletableFuture.completedFuture(null));
        history.answer(4, 5);
        assertEquals("{\"step\":\"connected\",\"resumed\":true}", link.frames.get(0));
        assertEquals(List.of("connected", "4", "5"), link.sent());
        assertEquals(0.0, meters.counter("scamscan.gateway.resumes.incomplete").count());
    }

    @Test
    void aFreshClientOfATaskWithNothingPublishedYetIsComplete() {
        ClientStream stream = stream(0, 0, false);
        stream.start(CompletableFuture.completedFuture(null));
        history.answer();
        assertEquals("{\"step\":\"connected\",\"resumed\":true}", link.frames.get(0));
    }

    @Test
    void theGreetingSaysWhatWasLostWhenHistoryNoLongerReachesBackToLastSeq() {
        ClientStream stream = stream(2, 9, false); // trimmed: 3 to 6 are gone
        stream.start(CompletableFuture.completedFuture(null));
        history.answer(7, 8, 9);
        assertEquals("{\"step\":\"connected\",\"resumed\":false,\"first_seq\":7}", link.frames.get(0));
        assertEquals(List.of("connected", "7", "8", "9"), link.sent(), "what is left is still sent");
        assertEquals(1.0, meters.counter("scamscan.gateway.resumes.incomplete").count());
    }

    @Test
    void anExpiredHistoryIsIncompleteWithNoFirstSeq() {
        ClientStream stream = stream(2, 9, false);
        stream.start(CompletableFuture.completedFuture(null));
        history.answer();
        assertEquals("{\"step\":\"connected\",\"resumed\":false}", link.frames.get(0));
        stream.offer(event(10)); // live events still come (after a look in history for 3 to 9)
        history.answer(10);
        assertEquals(List.of("connected", "10"), link.sent());
    }

    @Test
    void dropsWhatTheClientAlreadyHasBySeq() {
        ClientStream stream = live(5);
        stream.offer(event(4));
        stream.offer(event(5));
        stream.offer(event(6));
        stream.offer(event(6));
        assertEquals(List.of("connected", "6"), link.sent());
        assertEquals(3.0, meters.counter("scamscan.gateway.events.dropped", "reason", "duplicate").count());
    }

    @Test
    void eventsWithoutSeqAreRelayedAsTheyCome() {
        ClientStream stream = live(2);
        stream.offer(RelayEvent.parse("{\"step\":\"scam_db\",\"message\":\"raw\"}").orElseThrow());
        stream.offer(RelayEvent.parse("{\"step\":\"scam_db\",\"message\":\"raw\"}").orElseThrow());
        assertEquals(List.of("connected", "scam_db", "scam_db"), link.sent());
    }

    @Test
    void aSeqThatSkipsAheadIsFilledFromHistoryBeforeGoingOn() {
        ClientStream stream = live(2);
        stream.offer(event(5)); // 3 and 4 were missed
        assertEquals(StreamState.REPLAYING, stream.state());
        assertEquals(2, history.last().afterSeq());
        stream.offer(event(6)); // held behind the catch-up
        assertEquals(List.of("connected"), link.sent());

        history.answer(3, 4, 5);
        assertEquals(List.of("connected", "3", "4", "5", "6"), link.sent());
        assertEquals(StreamState.LIVE, stream.state());
        assertEquals(1.0, meters.counter("scamscan.gateway.catchups").count());
    }

    @Test
    void aResubscribedChannelIsCaughtUpFromHistoryOnce() {
        ClientStream stream = live(2);
        stream.catchUp();
        stream.catchUp(); // already replaying: no second read
        assertEquals(2, history.reads.size());
        history.answer(3, 4);
        assertEquals(List.of("connected", "3", "4"), link.sent());
        assertEquals(StreamState.LIVE, stream.state());
    }

    @Test
    void aFailedCatchUpKeepsHoldingAndIsRetriedBySweep() {
        ClientStream stream = live(2);
        stream.offer(event(4));
        history.last().answer().completeExceptionally(new IllegalStateException("Redis down"));
        stream.offer(event(5));
        assertEquals(StreamState.REPLAYING, stream.state());
        assertEquals(List.of("connected"), link.sent());

        stream.retryFailedCatchUp();
        assertEquals(3, history.reads.size());
        assertEquals(2, history.last().afterSeq());
        stream.retryFailedCatchUp(); // nothing failed since: no new read
        assertEquals(3, history.reads.size());
        history.answer(3, 4);
        assertEquals(List.of("connected", "3", "4", "5"), link.sent());
    }

    @Test
    void aReplayWaitsForTheClientToReadInsteadOfDroppingIt() {
        ClientStream stream = stream(0, 3, false);
        stream.start(CompletableFuture.completedFuture(null));
        link.room = false;
        history.answer(1, 2, 3);
        assertEquals(List.of("connected"), link.sent());
        stream.offer(event(4));

        link.makeRoom();
        assertEquals(List.of("connected", "1", "2", "3", "4"), link.sent());
        assertEquals(StreamState.LIVE, stream.state());
        assertTrue(link.closes.isEmpty());
    }

    @Test
    void moreLiveEventsThanTheBoundWhileCatchingUpCloseWith1011() {
        ClientStream stream = live(1);
        for (long seq = 3; seq < 3 + BOUND; seq++) {
            stream.offer(event(seq)); // 3 starts the catch-up and is held, and so are the next up to the bound
        }
        assertTrue(link.closes.isEmpty(), "the bound is not yet passed");
        stream.offer(event(3 + BOUND));
        assertEquals(List.of(CloseCode.REDIS_UNAVAILABLE), link.closes);
        assertEquals(List.of("connected", "failed"), link.sent());
        assertFalse(link.aborted);
        assertEquals(1, detached);
        history.answer(2, 3); // the read that was under way comes back late: nothing more is sent
        assertEquals(List.of("connected", "failed"), link.sent());
    }

    @Test
    void aClientThatStopsReadingItsReplayIsClosedAsTooSlowWhenLiveEventsPassTheBound() {
        ClientStream stream = stream(0, 1, false);
        stream.start(CompletableFuture.completedFuture(null));
        link.room = false;
        history.answer(1);
        for (long seq = 2; seq <= 2 + BOUND; seq++) {
            stream.offer(event(seq));
        }
        assertEquals(List.of(CloseCode.SLOW_CONSUMER), link.closes);
        assertTrue(link.aborted, "the close frame waits behind what it did not read, then the connection is cut");
        assertEquals(List.of("connected"), link.sent(), "no error frame for a client that does not read");
        assertEquals(1, detached);
    }

    @Test
    void aSendOverTheLinksBoundDropsTheClientAsTooSlow() {
        ClientStream stream = live(0);
        link.answer = ClientLink.Sent.TOO_SLOW;
        stream.offer(event(1));
        stream.offer(event(2));
        assertEquals(List.of(CloseCode.SLOW_CONSUMER), link.closes);
        assertTrue(link.aborted);
        assertEquals(StreamState.CLOSED, stream.state());
        assertEquals(1, detached);
        assertEquals(1.0, closes(CloseCode.SLOW_CONSUMER));
    }

    @Test
    void theFinalEventClosesWith1000AndNothingFollows() {
        ClientStream stream = live(0);
        stream.offer(event(1));
        stream.offer(finalEvent(2));
        stream.offer(event(3));
        assertEquals(List.of("connected", "1", "2"), link.sent());
        assertEquals(List.of(CloseCode.TASK_FINISHED), link.closes);
        assertEquals(StreamState.CLOSED, stream.state());
        assertEquals(1, detached);
    }

    @Test
    void aClientThatAlreadyHadTheFinalEventOfAFinishedTaskIsClosedAfterItsReplay() {
        ClientStream stream = stream(7, 7, true);
        stream.start(CompletableFuture.completedFuture(null));
        history.answer();
        assertEquals(List.of("connected"), link.sent());
        assertEquals(List.of(CloseCode.TASK_FINISHED), link.closes);
    }

    @Test
    void aFinishedTaskStillReplaysWhatTheClientMissed() {
        ClientStream stream = stream(5, 7, true);
        stream.start(CompletableFuture.completedFuture(null));
        history.answer(6, 7);
        assertEquals(List.of("connected", "6", "7"), link.sent());
        assertEquals(List.of(CloseCode.TASK_FINISHED), link.closes);
    }

    @Test
    void redisDownWhileSubscribingClosesWith1011AndAnErrorFrame() {
        ClientStream stream = stream(0, 0, false);
        stream.start(CompletableFuture.failedFuture(new IllegalStateException("Redis down")));
        assertTrue(history.reads.isEmpty());
        assertEquals(List.of("failed"), link.sent(), "no greeting: the stream never started");
        assertEquals(List.of(CloseCode.REDIS_UNAVAILABLE), link.closes);
        assertEquals(1, detached);
    }

    @Test
    void redisDownWhileReadingTheFirstReplayClosesWith1011() {
        ClientStream stream = stream(0, 0, false);
        stream.start(CompletableFuture.completedFuture(null));
        history.last().answer().completeExceptionally(new IllegalStateException("Redis down"));
        assertEquals(List.of(CloseCode.REDIS_UNAVAILABLE), link.closes);
    }

    /** The sweep's and the front's closes: no progress, Redis down past the bound, shed, going away. */
    @ParameterizedTest
    @EnumSource(value = CloseCode.class, names = {"NO_PROGRESS", "REDIS_UNAVAILABLE", "BUDGET_EXHAUSTED", "GOING_AWAY"})
    void aCloseSendsItsErrorFrameThenTheCodeOnceAndFreesTheClientOnce(CloseCode code) {
        ClientStream stream = live(3);
        String message = code == CloseCode.GOING_AWAY ? null : "why";
        stream.close(code, message);
        stream.close(CloseCode.POLICY_VIOLATION, "again");
        stream.offer(event(4));
        stream.heartbeat("{\"heartbeat\":true}".getBytes());
        stream.gone("left");
        assertEquals(message == null ? List.of("connected") : List.of("connected", "failed"), link.sent());
        assertEquals(List.of(code), link.closes);
        assertFalse(link.aborted);
        assertEquals(1, detached);
        assertEquals(StreamState.CLOSED, stream.state());
        assertEquals(1.0, closes(code));
        assertEquals(0, link.pings);
    }

    @Test
    void aClientThatAnswersNoPingIsDroppedWith1001AndCut() {
        ClientStream stream = live(0);
        stream.drop(CloseCode.GOING_AWAY);
        assertEquals(List.of(CloseCode.GOING_AWAY), link.closes);
        assertTrue(link.aborted);
        assertEquals(1, detached);
    }

    @Test
    void tooSlowToTakeTheErrorFrameIsClosedAsTooSlowInstead() {
        ClientStream stream = live(0);
        link.answer = ClientLink.Sent.TOO_SLOW;
        stream.close(CloseCode.NO_PROGRESS, "No progress");
        assertEquals(List.of(CloseCode.SLOW_CONSUMER), link.closes);
        assertTrue(link.aborted);
        assertEquals(1, detached);
    }

    @Test
    void aClientThatLeftIsDetachedOnceWithoutACloseFrame() {
        ClientStream stream = live(0);
        stream.gone("left");
        stream.gone("again");
        stream.close(CloseCode.GOING_AWAY, null);
        assertTrue(link.closes.isEmpty());
        assertEquals(1, detached);
        assertEquals(StreamState.CLOSED, stream.state());
    }

    @Test
    void aGreetingThatCannotBeSentDetachesTheClient() {
        ClientStream stream = stream(0, 0, false);
        link.answer = ClientLink.Sent.GONE;
        stream.start(CompletableFuture.completedFuture(null));
        history.answer();
        assertEquals(1, detached);
        assertEquals(StreamState.CLOSED, stream.state());
        assertTrue(link.closes.isEmpty());
    }

    @Test
    void aHeartbeatIsAFrameAndAPingOrOnlyAPingWhenFramesAreQueued() {
        ClientStream stream = live(0);
        byte[] frame = "{\"heartbeat\":true}".getBytes();
        stream.heartbeat(frame);
        assertEquals(2, link.frames.size());
        assertEquals(1, link.pings);
        link.room = false;
        stream.heartbeat(frame);
        assertEquals(2, link.frames.size());
        assertEquals(2, link.pings);
        assertNull(link.waiting);
    }
}
