package com.scamscan.gateway.server;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.gateway.admission.Handshake;
import com.scamscan.gateway.relay.ProgressRelay;
import com.scamscan.gateway.server.netty.HttpRefusals;
import com.scamscan.gateway.server.netty.MalformedRequestGuard;
import com.scamscan.gateway.server.netty.OnStreamPipeline;
import com.scamscan.protocol.StreamUrl;
import com.scamscan.security.ClientAddress;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.http.uri.UriMatchInfo;
import io.micronaut.http.uri.UriTemplateMatcher;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.websocket.CloseReason;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker07;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker08;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /ws/agent-progress/{task_id}?token=T[&last_seq=N]} ({@link StreamUrl}), terminated in Netty: a handler in
 * each HTTP/1.1 connection's pipeline (installed through Micronaut's {@link NettyServerCustomizer}) takes a WebSocket
 * upgrade for this path, answers it with Netty's own handshaker, hands the connection's events to
 * {@link ProgressRelay} and leaves the rest of the pipeline to WebSocket frames. Any other request (another path, SSE,
 * {@code /health}, {@code /prometheus}, a GET on this path that is not an upgrade) goes on to Micronaut untouched.
 *
 * <p>Micronaut's {@code @ServerWebSocket} did the same work at several times the cost per connection: the upgrade
 * went through its request lifecycle and HTTP filters, each connection bound the endpoint's methods' arguments and
 * kept the upgrade request for the connection's life. Here a connection costs Netty's handshake, the relay's
 * admission and what the stream needs: its pipeline, a {@link WebSocketLink} and a {@link Frames} handler; the
 * request is let go once the token, {@code last_seq}, {@code Origin}, {@code X-Forwarded-For} and the peer were read
 * from it (docs/design.md, docs/capacity.md).
 *
 * <p>What a client gets, as before: the handshake as Netty answers it (no subprotocol, permessage-deflate only with
 * {@code scamscan.gateway.compression}, client frames up to {@link #MAX_FRAME_PAYLOAD} bytes, larger ones closed
 * 1009 by the decoder); then whatever the relay decides (error frame and close code on refusal). A ping is answered
 * with a pong of the same payload, a pong reaches the relay's liveness, a data message (its fragments counted
 * together) is ignored unless it is over {@code max-client-frame-bytes} (1008), a close frame ends the connection
 * (the relay is told the client's code), and a read-idle timeout ({@code micronaut.server.read-idle-timeout}) closes
 * with 1001. Upgraded channels are in the server's WebSocket channel group, which the drain waits for
 * ({@code GoingAway}) and the server closes when it stops.
 *
 * <p>Handshakes that cannot become WebSockets are answered at once and the connection closed (Micronaut let the
 * first three hang until the read-idle timeout): a method other than GET, or no {@code Sec-WebSocket-Key}, 400; a
 * {@code Sec-WebSocket-Version} other than 13 (or 8 or 7, the drafts Netty still speaks), 426 with
 * {@code Sec-WebSocket-Version: 13}. Each counts against the address's handshake limit ({@link HttpRefusals}).
 */
@Singleton
final class ProgressSocket implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    /** The upgrade handler's name in an HTTP connection's pipeline (before Micronaut's own handler). */
    static final String UPGRADE = "scamscan-progress-upgrade";
    /** The frame handler's name in an upgraded connection's pipeline. */
    static final String FRAMES = "scamscan-progress-socket";
    /** The largest client frame payload the decoder takes (Micronaut's {@code @OnMessage} default, as before). */
    static final int MAX_FRAME_PAYLOAD = 64 * 1024;

    private static final UriTemplateMatcher ROUTE = UriTemplateMatcher.of(StreamUrl.PATH);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    private static final CloseReason IDLE = CloseReason.GOING_AWAY;

    private final ProgressRelay relay;
    private final GatewaySettings settings;
    private final HttpRefusals refusals;
    private final BeanProvider<EmbeddedServer> server;
    private final int maxParams;
    private final boolean semicolonIsNormalChar;
    private final WebSocketServerHandshaker v13;
    private final WebSocketServerHandshaker v08;
    private final WebSocketServerHandshaker v07;
    private volatile WebSocketSessionRepository sockets;

    ProgressSocket(ProgressRelay relay, GatewaySettings settings, HttpRefusals refusals, BeanProvider<EmbeddedServer> server,
                   NettyHttpServerConfiguration http) {
        this.relay = relay;
        this.settings = settings;
        this.refusals = refusals;
        this.server = server;
        this.maxParams = http.getMaxParams();
        this.semicolonIsNormalChar = http.isSemicolonIsNormalChar();
        // as Micronaut configured them: extensions allowed (their negotiation is the compression handler's), frames
        // masked, UTF-8 checked, a protocol violation closed by the decoder; one of each for every connection (no
        // subprotocols: a handshaker keeps no state of a handshake)
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder().allowExtensions(true)
                .maxFramePayloadLength(MAX_FRAME_PAYLOAD).build();
        this.v13 = new WebSocketServerHandshaker13(StreamUrl.PATH, null, decoder);
        this.v08 = new WebSocketServerHandshaker08(StreamUrl.PATH, null, decoder);
        this.v07 = new WebSocketServerHandshaker07(StreamUrl.PATH, null, decoder);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        // an Upgrade before Micronaut's handler in each HTTP/1.1 connection
        event.getBean().register(OnStreamPipeline.of(pipeline -> {
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && pipeline.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null && pipeline.get(UPGRADE) == null) {
                pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, UPGRADE, new Upgrade());
            }
        }));
        return event.getBean();
    }

    /** The task id of a WebSocket upgrade for this path (percent-decoded, as Micronaut's route gave it), or null. */
    @Nullable
    static String taskIdOf(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                || !headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return null;
        }
        UriMatchInfo match = ROUTE.tryMatch(path(request.uri()));
        if (match == null) {
            return null;
        }
        Object taskId = match.getVariableValues().get(StreamUrl.TASK_ID);
        return taskId == null ? null : URLDecoder.decode(taskId.toString(), StandardCharsets.UTF_8);
    }

    /** The path of a request target (origin form, or absolute form without its scheme and authority), no query. */
    static String path(String target) {
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme >= 0) {
                start = target.indexOf('/', scheme + 3);
                if (start < 0) {
                    return "/";
                }
            }
        }
        int query = target.indexOf('?', start);
        return target.substring(start, query < 0 ? target.length() : query);
    }

    @Nullable
    private WebSocketServerHandshaker handshaker(@Nullable String version) {
        if (version == null) {
            return null;
        }
        return switch (version) {
            case "13" -> v13;
            case "8" -> v08;
            case "7" -> v07;
            default -> null;
        };
    }

    private WebSocketSessionRepository sockets() {
        WebSocketSessionRepository group = sockets;
        if (group == null) {
            group = (WebSocketSessionRepository) server.get();
            sockets = group;
        }
        return group;
    }

    /**
     * One per HTTP connection until it is upgraded: takes the WebSocket upgrades for the stream path and lets
     * everything else through. An upgrade sent on a keep-alive connection before the answer to an earlier request was
     * written waits for it, so that the 101 never overtakes a response Micronaut still owes.
     */
    private final class Upgrade extends ChannelDuplexHandler {
        /** Requests handed to Micronaut whose response has not been written to its end. */
        private int unanswered;
        private HttpRequest waiting;
        private String waitingTaskId;
        /** The body (if any) of an upgrade taken here, dropped. */
        private boolean skipping;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                String taskId = taskIdOf(request);
                if (taskId != null && waiting == null) {
                    skipping = !(msg instanceof LastHttpContent);
                    ReferenceCountUtil.release(msg); // what the upgrade needs is in the headers
                    if (unanswered > 0) {
                        waiting = request;
                        waitingTaskId = taskId;
                    } else {
                        upgrade(ctx, request, taskId);
                    }
                    return;
                }
                if (waiting != null) { // nothing may follow an upgrade
                    ReferenceCountUtil.release(msg);
                    return;
                }
                unanswered++;
            } else if (skipping && msg instanceof HttpContent) {
                skipping = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean ends = msg instanceof LastHttpContent
                    && !(msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
            ctx.write(msg, promise);
            if (ends && unanswered > 0 && --unanswered == 0 && waiting != null) {
                HttpRequest request = waiting;
                String taskId = waitingTaskId;
                waiting = null;
                waitingTaskId = null;
                ctx.executor().execute(() -> {
                    if (ctx.channel().isActive() && !ctx.isRemoved()) {
                        upgrade(ctx, request, taskId);
                    }
                });
            }
        }

        /** Answers the handshake and turns the pipeline over to WebSocket frames, or refuses in HTTP. */
        private void upgrade(ChannelHandlerContext ctx, HttpRequest request, String taskId) {
            HttpHeaders headers = request.headers();
            List<String> forwardedFor = headers.getAll(X_FORWARDED_FOR);
            WebSocketServerHandshaker handshaker = handshaker(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
            if (handshaker == null) {
                refusals.refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "This server speaks WebSocket version 13",
                        forwardedFor, HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
                return;
            }
            Channel channel = ctx.channel();
            FullHttpRequest handshake = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
            ChannelFuture answered;
            try {
                answered = handshaker.handshake(channel, handshake, null, channel.newPromise());
            } catch (WebSocketServerHandshakeException e) {
                refusals.refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Not a WebSocket handshake this server can answer",
                        forwardedFor);
                return;
            }
            QueryStringDecoder query = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, maxParams,
                    semicolonIsNormalChar);
            String peer = channel.remoteAddress() instanceof InetSocketAddress remote ? ClientAddress.peer(remote) : "unknown";
            Handshake admission = new Handshake(first(query, StreamUrl.TOKEN), headers.get(HttpHeaderNames.ORIGIN), peer,
                    ClientAddress.joined(forwardedFor));
            String lastSeq = first(query, StreamUrl.LAST_SEQ);
            // Micronaut's HTTP handlers are done with this connection (Netty's handshaker replaced the codec)
            ChannelPipeline pipeline = ctx.pipeline();
            for (String name : new String[]{ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND,
                ChannelPipelineCustomizer.HANDLER_HTTP_AGGREGATOR, ChannelPipelineCustomizer.HANDLER_ACCESS_LOGGER,
                MalformedRequestGuard.NAME}) {
                if (pipeline.get(name) != null) {
                    pipeline.remove(name);
                }
            }
            Frames frames = new Frames();
            pipeline.replace(this, FRAMES, frames);
            channel.config().setAutoRead(true);
            answered.addListener(done -> {
                if (done.isSuccess()) {
                    frames.open(channel, taskId, lastSeq, admission);
                } else {
                    channel.close();
                }
            });
        }
    }

    @Nullable
    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * One per upgraded connection: the client's frames and the channel's end, as calls on the relay. Holds the link
     * and the size of a fragmented message so far, nothing else.
     */
    private final class Frames extends ChannelInboundHandlerAdapter {
        private WebSocketLink link;
        private long message;
        private boolean closed;

        /** The handshake's answer is written (and an extension in place): the stream may start. */
        void open(Channel channel, String taskId, @Nullable String lastSeq, Handshake handshake) {
            link = new WebSocketLink(channel, settings.maxPendingBytes(), settings.slowCloseGrace());
            sockets().addChannel(channel);
            relay.connect(link, taskId, lastSeq, handshake);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (link == null || !(msg instanceof WebSocketFrame frame)) {
                    return; // nothing can come before the handshake's answer, nor anything but frames after it
                }
                if (frame instanceof PingWebSocketFrame) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                } else if (frame instanceof PongWebSocketFrame) {
                    relay.pong(link);
                } else if (frame instanceof CloseWebSocketFrame close) {
                    closed(new CloseReason(close.statusCode(), close.reasonText()));
                    ctx.close();
                } else { // text, binary or a continuation: not part of the protocol, counted whole per message
                    int size = frame.content().readableBytes();
                    message += size;
                    if (frame.isFinalFragment()) {
                        long bytes = message;
                        message = 0;
                        relay.clientFrame(link, (int) Math.min(bytes, Integer.MAX_VALUE));
                    } else if (message > settings.maxClientFrameBytes() && message - size <= settings.maxClientFrameBytes()) {
                        relay.clientFrame(link, (int) Math.min(message, Integer.MAX_VALUE)); // over already: no need to wait
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) { // micronaut.server.read-idle-timeout: the backstop
                ctx.writeAndFlush(new CloseWebSocketFrame(IDLE.getCode(), IDLE.getReason())).addListener(written -> {
                    closed(IDLE);
                    ctx.close();
                });
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed(CloseReason.ABNORMAL_CLOSURE);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (link != null) {
                relay.error(link, cause); // logged; a protocol violation was closed by the decoder already
            }
        }

        private void closed(CloseReason reason) {
            if (!closed && link != null) {
                closed = true;
                relay.closed(link, reason);
            }
        }
    }
}
