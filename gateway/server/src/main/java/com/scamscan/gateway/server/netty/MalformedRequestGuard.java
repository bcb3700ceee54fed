package com.scamscan.gateway.server.netty;

import com.scamscan.security.ClientAddress;
import com.scamscan.security.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests Micronaut cannot route before Micronaut sees them, and closes their connection: a request
 * target that is not a URI ({@code |}, {@code <}, {@code [} ...) gets 400, a header block over Netty's limit
 * ({@code micronaut.server.netty.max-header-size}, 8 KiB by default) gets 431, and a WebSocket upgrade that
 * could not be decoded gets 400. Left to Micronaut, such an upgrade got no answer at all and held its socket until
 * the read-idle timeout, each logging an error with the whole request target (stream token included).
 *
 * <p>Each refusal counts against the address's handshake limit ({@link RateLimiter.Kind#CONNECT}), as a
 * handshake would, and in the meter {@code scamscan.gateway.requests.refused} (tag {@code status}); it is logged at
 * DEBUG only, without the target.
 */
@Singleton
final class MalformedRequestGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    /** The handler's name in the pipeline, right after Netty's HTTP codec. */
    static final String NAME = "scamscan-malformed-request-guard";

    private static final Logger LOG = LoggerFactory.getLogger(MalformedRequestGuard.class);

    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final Counter badTarget;
    private final Counter headersTooLarge;

    MalformedRequestGuard(RateLimiter rateLimiter, ClientAddress clientAddress, MeterRegistry meters) {
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.badTarget = meters.counter("scamscan.gateway.requests.refused", "status", "400");
        this.headersTooLarge = meters.counter("scamscan.gateway.requests.refused", "status", "431");
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Installer(null));
        return event.getBean();
    }

    /** Puts a {@link Guard} behind the HTTP/1.1 codec of each connection. */
    private final class Installer implements NettyServerCustomizer {
        private final Channel channel;

        Installer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Installer(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && channel.pipeline().get(NAME) == null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, new Guard());
            }
        }
    }

    /** One per connection: after a refusal, everything else the client sends is dropped until the close. */
    private final class Guard extends ChannelInboundHandlerAdapter {
        private boolean refused;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                HttpResponseStatus status = problem(request);
                if (status != null) {
                    refused = true;
                    java.util.List<String> forwardedFor = request.headers().getAll("X-Forwarded-For");
                    ReferenceCountUtil.release(msg);
                    refuse(ctx, status, forwardedFor);
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }

        /** What is wrong with the request, or null when Micronaut may have it. */
        private HttpResponseStatus problem(HttpRequest request) {
            DecoderResult decoded = request.decoderResult();
            if (decoded.isFailure()) {
                if (decoded.cause() instanceof TooLongHttpHeaderException) {
                    return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                }
                return isUpgrade(request) ? HttpResponseStatus.BAD_REQUEST : null; // Micronaut answers the rest itself
            }
            try {
                new URI(request.uri());
                return null;
            } catch (URISyntaxException e) {
                return HttpResponseStatus.BAD_REQUEST;
            }
        }

        private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, java.util.List<String> forwardedFor) {
            String peer = ctx.channel().remoteAddress() instanceof InetSocketAddress remote ? ClientAddress.peer(remote) : "unknown";
            (status == HttpResponseStatus.BAD_REQUEST ? badTarget : headersTooLarge).increment();
            LOG.debug("refusing a malformed request from {} with {}", peer, status.code());
            try {
                rateLimiter.acquire(RateLimiter.Kind.CONNECT, clientAddress.resolve(peer, forwardedFor))
                        .whenComplete((wait, failure) -> { }); // counted; the answer does not wait for Redis
            } catch (RuntimeException e) {
                // Redis unreachable: the refusal stands without the count
            }
            String detail = status == HttpResponseStatus.BAD_REQUEST
                    ? "The request target is not a valid URI, or the request could not be decoded"
                    : "The request's header fields are larger than this server accepts";
            ByteBuf body = Unpooled.copiedBuffer("{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase()
                    + "\",\"status\":" + status.code() + ",\"detail\":\"" + detail + "\"}", StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static boolean isUpgrade(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
