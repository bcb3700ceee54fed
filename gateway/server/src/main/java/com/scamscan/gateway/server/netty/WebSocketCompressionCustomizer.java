package com.scamscan.gateway.server.netty;

import com.scamscan.gateway.GatewaySettings;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler;
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
            event.getBean().register(OnStreamPipeline.of(pipeline -> {
                if (pipeline.get(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER) != null) {
                    pipeline.remove(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER);
                }
            }));
        }
        return event.getBean();
    }
}
