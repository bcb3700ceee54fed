package com.scamscan.gateway.relay;

import com.scamscan.gateway.server.WebSocketLink;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's per-event work, without sockets: reading an event as it arrives from Redis (bytes), and writing
 * it as a WebSocket text frame to N clients (Netty's server-side frame encoder into an in-memory channel).
 * What remains on a real server is the system calls, which the load generator measures.
 *
 * <p>Run: {@code java -jar microbenchmarks/target/microbenchmarks.jar RelayHotPath}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RelayHotPath {

    /** A progress event as the publisher writes it (seq first, the generator's typical size). */
    static final byte[] EVENT = ("{\"seq\":42,\"step\":\"scam_db\",\"tool\":\"scam_db\",\"message\":\"Checking scam database"
            + " for 3 URLs, 1 phone number and 2 domains...\",\"percent\":30,\"timestamp\":\"2026-11-25T10:00:00.123Z\"}")
            .getBytes(StandardCharsets.UTF_8);

    /** The final event, with a verdict: the largest frame of a scan. */
    static final byte[] COMPLETED = ("{\"seq\":12,\"step\":\"completed\",\"tool\":\"reasoning\",\"message\":\"Analysis complete\","
            + "\"percent\":100,\"timestamp\":\"2026-11-25T10:00:09.871Z\",\"verdict\":{\"label\":\"scam\",\"score\":92,"
            + "\"reasons\":[\"Link to a look-alike of paypal.com (paypa1-secure.com)\",\"Urgent request to verify an account\","
            + "\"Domain registered 3 days ago\"],\"entities\":{\"urls\":[\"https://paypa1-secure.com/verify\"],"
            + "\"domains\":[\"paypa1-secure.com\"],\"phones\":[\"+447700900123\"],\"emails\":[]}}}")
            .getBytes(StandardCharsets.UTF_8);

    /** Reading the header of a progress event (seq, step) and checking it is one well-formed JSON object. */
    @Benchmark
    public RelayEvent parseProgress() {
        return RelayEvent.parse(EVENT).orElseThrow();
    }

    /** The same for the final event with its verdict (nested objects and arrays walked, not bound). */
    @Benchmark
    public RelayEvent parseCompleted() {
        return RelayEvent.parse(COMPLETED).orElseThrow();
    }

    /** One event to every client of a task: parsed once, one frame per client over the shared bytes, encoded. */
    @Benchmark
    public long fanOut(Clients clients) {
        RelayEvent event = RelayEvent.parse(EVENT).orElseThrow();
        long written = 0;
        for (EmbeddedChannel channel : clients.channels) {
            channel.writeAndFlush(WebSocketLink.textFrame(event.utf8()));
            ByteBuf out;
            while ((out = channel.readOutbound()) != null) {
                written += out.readableBytes();
                out.release();
            }
        }
        return written;
    }

    /** The clients of one task: in-memory channels with the server's frame encoder. */
    @State(Scope.Thread)
    public static class Clients {

        @Param({"1", "10", "100"})
        int count;

        EmbeddedChannel[] channels;

        @Setup(Level.Trial)
        public void open() {
            channels = new EmbeddedChannel[count];
            for (int i = 0; i < count; i++) {
                channels[i] = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            for (EmbeddedChannel channel : channels) {
                channel.finishAndReleaseAll();
            }
        }
    }
}
