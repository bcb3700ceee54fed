package com.scamscan.gateway.server.netty;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Answers requests Micronaut cannot route before Micronaut sees them, and closes their connection: a request
 * target that is not a URI ({@code |}, {@code <}, {@code [} ...) gets 400, a header block over Netty's limit
 * ({@code micronaut.server.netty.max-header-size}, 8 KiB by default) gets 431, and a WebSocket upgrade that
 * could not be decoded gets 400. Left to Micronaut, such an upgrade got no answer at all and held its socket until
 * the read-idle timeout, each logging an error with the whole request target (stream token included).
 *
 * <p>Each refusal counts against the address's handshake limit, as a handshake would, and in the meter
 * {@code scamscan.gateway.requests.refused} ({@link HttpRefusals}); it is logged at DEBUG only, without the target.
 */
@Singleton
public final class MalformedRequestGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    /** The handler's name in the pipeline, right after Netty's HTTP codec. */
    public static final String NAME = "scamscan-malformed-request-guard";

    private final HttpRefusals refusals;

    MalformedRequestGuard(HttpRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        // a Guard behind the HTTP/1.1 codec of each connection
        event.getBean().register(OnStreamPipeline.of(pipeline -> {
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null && pipeline.get(NAME) == null) {
                pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, new Guard());
            }
        }));
        return event.getBean();
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
            refusals.refuse(ctx, status, status == HttpResponseStatus.BAD_REQUEST
                    ? "The request target is not a valid URI, or the request could not be decoded"
                    : "The request's header fields are larger than this server accepts", forwardedFor);
        }
    }

    private static boolean isUpgrade(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
