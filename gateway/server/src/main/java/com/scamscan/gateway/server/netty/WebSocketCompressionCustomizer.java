package com.scamscan.gateway.server.netty;

import com.scamscan.gateway.GatewaySettings;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;

/**
 * Keeps permessage-deflate off unless {@code scamscan.gateway.compression=true}: Micronaut always offers it,
 * and each compressed socket holds about 100 KB of native zlib state for a stream of small JSON frames.
 */
@Singleton
final class WebSocketCompressionCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final GatewaySettings settings;

    WebSocketCompressionCustomizer(GatewaySettings settings) {
        this.settings = settings;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        if (!settings.compression()) {
            event.getBean().register(new WithoutCompression(null));
        }
        return event.getBean();
    }

    private record WithoutCompression(Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new WithoutCompression(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel == null) {
                return;
            }
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER) != null) {
                pipeline.remove(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER);
            }
        }
    }
}
