package com.scamscan.gateway.server.netty;

import com.scamscan.security.ClientAddress;
import com.scamscan.security.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the gateway answers in Netty, before Micronaut sees them, and closes the connection after: each refusal
 * counts against the address's handshake limit ({@link RateLimiter.Kind#CONNECT}), as a handshake would, and in the
 * meter {@code scamscan.gateway.requests.refused} (tag {@code status}); it is logged at DEBUG only, without the
 * request target (a stream token may be in it). The body is a problem document ({@code application/problem+json}).
 */
@Singleton
public final class HttpRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRefusals.class);

    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final MeterRegistry meters;

    HttpRefusals(RateLimiter rateLimiter, ClientAddress clientAddress, MeterRegistry meters) {
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.meters = meters;
        for (int status : new int[]{400, 426, 431}) { // listed from the start, at 0
            meters.counter("scamscan.gateway.requests.refused", "status", Integer.toString(status));
        }
    }

    /**
     * Answers {@code status} with this detail (and these extra header name/value pairs), then closes the connection.
     * {@code forwardedFor}: the request's {@code X-Forwarded-For} lines, read before the request was released.
     */
    public void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String detail, List<String> forwardedFor,
                       CharSequence... headers) {
        String peer = ctx.channel().remoteAddress() instanceof InetSocketAddress remote ? ClientAddress.peer(remote) : "unknown";
        meters.counter("scamscan.gateway.requests.refused", "status", Integer.toString(status.code())).increment();
        LOG.debug("refusing a request from {} with {}", peer, status.code());
        try {
            rateLimiter.acquire(RateLimiter.Kind.CONNECT, clientAddress.resolve(peer, forwardedFor))
                    .whenComplete((wait, failure) -> { }); // counted; the answer does not wait for Redis
        } catch (RuntimeException e) {
            // Redis unreachable: the refusal stands without the count
        }
        ByteBuf body = Unpooled.copiedBuffer("{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase()
                + "\",\"status\":" + status.code() + ",\"detail\":\"" + detail + "\"}", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.headers().set(headers[i], headers[i + 1]);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
