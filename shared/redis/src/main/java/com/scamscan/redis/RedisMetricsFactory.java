package com.scamscan.redis;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Redis round-trip times as meters, where the app has a meter registry: Lettuce's own recorder, handed to the clients'
 * {@link io.lettuce.core.resource.ClientResources} by {@link RedisClientFactory}. It times every command from sending to
 * its reply as {@code lettuce.command.completion} (and to its first reply byte as {@code lettuce.command.firstresponse}),
 * tagged by {@code command} and {@code remote} (the server's address; bounded by the deployment), not by this end's
 * address; with percentile histograms between {@link #FASTEST} and {@link #SLOWEST} so that a p99 can be read.
 */
@Factory
@Requires(classes = MeterRegistry.class)
@Requires(bean = MeterRegistry.class)
public class RedisMetricsFactory {

    static final Duration FASTEST = Duration.ofMillis(1).dividedBy(10);
    static final Duration SLOWEST = Duration.ofSeconds(2);

    @Singleton
    CommandLatencyRecorder commandLatencies(MeterRegistry registry) {
        return new MicrometerCommandLatencyRecorder(registry, MicrometerOptions.builder()
                .histogram(true).minLatency(FASTEST).maxLatency(SLOWEST).localDistinction(false).build());
    }
}
