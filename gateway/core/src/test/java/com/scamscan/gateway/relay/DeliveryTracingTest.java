package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.redis.task.TaskTrace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery spans of one client stream, driven as {@link ClientStreamTest} drives a stream (fake link and
 * history), exported to memory: the first and the final frame each a span, children of the upload's span that the
 * task record names, with the stream's attributes and nothing of the events' text.
 */
class DeliveryTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String UPLOAD_SPAN = "00f067aa0ba902b7";
    private static final Optional<TaskTrace> TRACE = TaskTrace.of(Map.of(TaskTrace.PARENT_FIELD, "00-" + TRACE_ID + "-" + UPLOAD_SPAN + "-01"));
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    private static final String TEXT = "Your parcel is held: pay the fee";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final DeliveryTracing tracing = new DeliveryTracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    private final FakeLink link = new FakeLink();
    private final FakeHistory history = new FakeHistory();

    @AfterEach
    void close() {
        provider.close();
    }

    private static String json(long seq, String step, Instant published) {
        return "{\"seq\":" + seq + ",\"step\":\"" + step + "\",\"message\":\"" + TEXT + "\",\"timestamp\":\"" + published + "\"}";
    }

    private static RelayEvent event(long seq, String step, Instant published) {
        return RelayEvent.parse(json(seq, step, published)).orElseThrow();
    }

    private static byte[] encode(Object frame) {
        return "{\"step\":\"connected\"}".getBytes(StandardCharsets.UTF_8);
    }

    private ClientStream stream(long lastSeq, long seqAtOpen, DeliveryTrace trace) {
        GatewaySettings settings = new GatewaySettings(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(45),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), 1024, 262144, 100,
                Duration.ofSeconds(10), false);
        StreamContext context = new StreamContext(settings, history, DeliveryTracingTest::encode, Clock.fixed(NOW, ZoneOffset.UTC),
                new RelayMetrics(new SimpleMeterRegistry()), tracing);
        return new ClientStream(link, "task-1", lastSeq, seqAtOpen, false, context, s -> { }, trace);
    }

    private static Object attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Test
    void theFirstAndTheFinalFrameAreSpansUnderTheUploadsSpanAndTheFramesBetweenAreNot() {
        ClientStream stream = stream(0, 1, tracing.stream(TRACE, "task-1", "websocket", false));
        stream.start(CompletableFuture.completedFuture(null));
        Instant published = NOW.minusMillis(250);
        history.last().answer().complete(new com.scamscan.redis.progress.ProgressHistory.Read(1,
                List.of(json(1, "queued", published))));
        stream.offer(event(2, "scam_db", NOW));
        stream.offer(event(3, "reasoning", NOW));
        stream.offer(event(4, "completed", NOW.minusMillis(40)));

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(List.of(DeliveryTrace.FIRST, DeliveryTrace.FINAL), spans.stream().map(SpanData::getName).toList());
        for (SpanData span : spans) {
            assertEquals(TRACE_ID, span.getTraceId(), "in the scan's trace");
            assertEquals(UPLOAD_SPAN, span.getParentSpanId(), "a child of the upload's span");
            assertEquals(SpanKind.PRODUCER, span.getKind());
            assertEquals("task-1", attribute(span, "scamscan.task_id"));
            assertEquals("websocket", attribute(span, "scamscan.transport"));
            assertEquals(false, attribute(span, "scamscan.resumed"));
            assertEquals(TimeUnit.MILLISECONDS.toNanos(NOW.toEpochMilli()), span.getEndEpochNanos(), "ends when handed over");
            assertFalse(span.getAttributes().toString().contains("parcel"), "no event text: " + span.getAttributes());
        }
        SpanData first = spans.get(0);
        assertEquals(1L, attribute(first, "scamscan.seq"));
        assertEquals("replay", attribute(first, "scamscan.phase"));
        assertEquals(true, attribute(first, "scamscan.first"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(published.toEpochMilli()), first.getStartEpochNanos(),
                "starts when the event was published: its length is the frame's lag");
        SpanData last = spans.get(1);
        assertEquals(4L, attribute(last, "scamscan.seq"));
        assertEquals("live", attribute(last, "scamscan.phase"));
        assertEquals(false, attribute(last, "scamscan.first"));
        assertEquals(Duration.ofMillis(40).toNanos(), last.getEndEpochNanos() - last.getStartEpochNanos());
    }

    @Test
    void aResumedClientWhoseFirstFrameIsTheFinalOneGetsOneSpan() {
        ClientStream stream = stream(3, 4, tracing.stream(TRACE, "task-1", "sse", true));
        stream.start(CompletableFuture.completedFuture(null));
        history.last().answer().complete(new com.scamscan.redis.progress.ProgressHistory.Read(4,
                List.of(json(4, "failed", NOW.plusSeconds(5))))); // the publisher's clock ahead: starts at delivery

        SpanData span = exported.getFinishedSpanItems().stream().reduce((a, b) -> {
            throw new AssertionError("one span: " + exported.getFinishedSpanItems());
        }).orElseThrow();
        assertEquals(DeliveryTrace.FINAL, span.getName());
        assertEquals(true, attribute(span, "scamscan.first"));
        assertEquals(true, attribute(span, "scamscan.resumed"));
        assertEquals("sse", attribute(span, "scamscan.transport"));
        assertEquals(span.getStartEpochNanos(), span.getEndEpochNanos());
    }

    @Test
    void aTaskWhoseRecordNamesNoTraceAndAGatewayWithoutOpenTelemetryRecordNothing() {
        assertSame(DeliveryTrace.NONE, tracing.stream(Optional.empty(), "task-1", "websocket", false));
        assertSame(DeliveryTrace.NONE, DeliveryTracing.off().stream(TRACE, "task-1", "websocket", false));
        // a traceparent of the right shape naming no valid span (all-zero ids, version ff) would start a trace of its own
        for (String invalid : List.of("00-" + "0".repeat(32) + "-" + UPLOAD_SPAN + "-01", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01",
                "ff-" + TRACE_ID + "-" + UPLOAD_SPAN + "-01")) {
            assertSame(DeliveryTrace.NONE, tracing.stream(TaskTrace.of(Map.of(TaskTrace.PARENT_FIELD, invalid)), "task-1", "websocket", false), invalid);
        }
        assertEquals(Optional.empty(), TaskTrace.of(Map.of(TaskTrace.ID_FIELD, TRACE_ID)), "a trace id alone names no parent span");
        assertEquals(Optional.empty(), TaskTrace.of(Map.of(TaskTrace.PARENT_FIELD, "garbage")));

        ClientStream stream = stream(0, 0, tracing.stream(Optional.empty(), "task-1", "websocket", false));
        stream.start(CompletableFuture.completedFuture(null));
        history.last().answer().complete(new com.scamscan.redis.progress.ProgressHistory.Read(0, List.of()));
        stream.offer(event(1, "queued", NOW));
        stream.offer(event(2, "completed", NOW));
        assertEquals(List.of(), exported.getFinishedSpanItems());
        assertEquals(3, link.frames.size(), "the frames went out all the same: " + link.frames);
    }
}
