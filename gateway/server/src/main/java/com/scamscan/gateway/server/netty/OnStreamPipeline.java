package com.scamscan.gateway.server.netty;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.util.function.Consumer;

/**
 * Does one thing to each connection's pipeline once Micronaut has built it for a stream (HTTP/1.1): the gateway's
 * pipeline changes (the malformed-request guard, the progress WebSocket's upgrade handler, compression off) are each
 * one of these, registered with Micronaut's {@link NettyServerCustomizer.Registry}.
 *
 * @param action what to do to the pipeline
 * @param channel the connection, once Micronaut has specialised the customizer for it; null in the registered one
 */
public record OnStreamPipeline(Consumer<ChannelPipeline> action, @Nullable Channel channel) implements NettyServerCustomizer {

    /** The customizer to register: {@code action} runs on every connection's stream pipeline. */
    public static OnStreamPipeline of(Consumer<ChannelPipeline> action) {
        return new OnStreamPipeline(action, null);
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        return new OnStreamPipeline(action, channel);
    }

    @Override
    public void onStreamPipelineBuilt() {
        if (channel != null) {
            action.accept(channel.pipeline());
        }
    }
}
