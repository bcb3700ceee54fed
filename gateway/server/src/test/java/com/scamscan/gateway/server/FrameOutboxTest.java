package com.scamscan.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
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
