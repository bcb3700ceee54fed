package com.scamscan.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pre-encoded frame is byte for byte what Netty's own server-side encoder writes for the same text frame. */
class FrameOutboxTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 1024, 65535, 65536, 300 * 1024})
    void encodesAsNettysServerEncoderDoes(int length) {
        byte[] utf8 = new byte[length];
        Arrays.fill(utf8, (byte) 'x');
        ByteBuf ours = FrameOutbox.encode(UnpooledByteBufAllocator.DEFAULT, utf8);
        try {
            assertArrayEquals(netty(utf8), ByteBufUtil.getBytes(ours));
        } finally {
            ours.release();
        }
    }

    @Test
    void multiByteUtf8IsFramedByItsByteLength() {
        byte[] utf8 = "{\"message\":\"caf\u00e9 \u2713 \ud83d\ude00\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuf ours = FrameOutbox.encode(UnpooledByteBufAllocator.DEFAULT, utf8);
        try {
            assertArrayEquals(netty(utf8), ByteBufUtil.getBytes(ours));
        } finally {
            ours.release();
        }
    }

    @Test
    void aFanOutSplitAcrossTwoDrainsIsEncodedOnceAndReleasedWhenTheLoopEnds() throws Exception {
        // a drain on the loop takes the first clients of an event while the sender still queues the rest: here each
        // write drains at once (written on the loop), the hardest split there is
        DefaultEventLoop loop = new DefaultEventLoop();
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        byte[] event = "{\"type\":\"progress\",\"seq\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long before = FrameOutbox.encoded();
        loop.submit(() -> {
            FrameOutbox outbox = FrameOutbox.of(loop);
            outbox.write(first, true, event, bytes -> { });
            outbox.write(second, true, event, bytes -> { });
        }).get();
        assertEquals(1, FrameOutbox.encoded() - before, "one event, two drains: encoded once");
        ByteBuf one = first.readOutbound();
        ByteBuf two = second.readOutbound();
        assertArrayEquals(netty(event), ByteBufUtil.getBytes(one));
        assertArrayEquals(netty(event), ByteBufUtil.getBytes(two));
        ByteBuf shared = one.unwrap();
        one.release();
        two.release();
        assertEquals(1, shared.refCnt(), "the outbox keeps the last frame for the next drain");
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        org.awaitility.Awaitility.await().until(() -> shared.refCnt() == 0);
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    private static byte[] netty(byte[] utf8) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            wire.writeBytes(ByteBufUtil.getBytes(part));
            part.release();
        }
        channel.finishAndReleaseAll();
        return wire.toByteArray();
    }
}
