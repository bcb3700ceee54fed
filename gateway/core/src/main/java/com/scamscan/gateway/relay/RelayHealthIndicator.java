package com.scamscan.gateway.relay;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** {@code /health}: UP when Redis answers PING and the shared pub/sub connection is connected. */
@Singleton
class RelayHealthIndicator implements HealthIndicator {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ProgressRelay relay;

    RelayHealthIndicator(RedisClusterAsyncCommands<String, String> redis, ProgressRelay relay) {
        this.redis = redis;
        this.relay = relay;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.defer(() -> Mono.fromCompletionStage(redis.ping()))
                .timeout(PING_TIMEOUT)
                .map(pong -> result(true))
                .onErrorResume(e -> Mono.just(result(false)));
    }

    private HealthResult result(boolean redisAnswers) {
        boolean pubSub = relay.pubSubConnected();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("redis", redisAnswers ? "UP" : "DOWN");
        details.put("pubsub", pubSub ? "UP" : "DOWN");
        details.put("connections", relay.connections());
        details.put("subscriptions", relay.subscriptionCount());
        return HealthResult.builder("redis", redisAnswers && pubSub ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details)
                .build();
    }
}
