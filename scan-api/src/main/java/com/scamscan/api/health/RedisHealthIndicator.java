package com.scamscan.api.health;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} component {@code redis}: UP when Redis answers {@code PING} within {@link #PING_TIMEOUT}, DOWN
 * otherwise, which makes {@code /health} answer 503 so that a load balancer takes the instance out (every upload,
 * status read and scan needs Redis). The ping goes over the shared command connection, so a lost connection fails it at
 * once and a server that stopped answering fails it after the timeout, whichever comes first.
 */
@Singleton
public class RedisHealthIndicator implements HealthIndicator {

    static final String NAME = "redis";
    /** Well below a load balancer's health-check timeout, and below {@code scamscan.redis.command-timeout}. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClusterAsyncCommands<String, String> redis;

    public RedisHealthIndicator(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.defer(() -> Mono.fromCompletionStage(redis.ping()))
                .timeout(PING_TIMEOUT)
                .map(pong -> HealthResult.builder(NAME, HealthStatus.UP).details(Map.of("ping", pong)).build())
                .onErrorResume(e -> Mono.just(HealthResult.builder(NAME, HealthStatus.DOWN)
                        .details(Map.of("error", e instanceof java.util.concurrent.TimeoutException
                                ? "Redis did not answer PING within " + PING_TIMEOUT.toMillis() + " ms"
                                : "Redis did not answer PING: " + e.getClass().getSimpleName()))
                        .build()));
    }
}
