package com.scamscan.gateway.testing;

import com.scamscan.gateway.relay.ProgressRelay;
import com.scamscan.testing.client.TestClient;
import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.ProgressPublisher;
import com.scamscan.progress.ProgressSettings;
import com.scamscan.redis.RedisNames;
import io.micronaut.serde.ObjectMapper;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.task.TaskId;
import com.scamscan.task.TaskRegistry;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import com.scamscan.security.StreamTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway instance on a free port, on a real Redis, with a second Lettuce connection for the test to
 * register tasks, publish with the shared publisher and inspect Redis.
 */
public final class Gateway implements AutoCloseable {

    public final RedisFixture redis;
    public final ApplicationContext context;
    public final EmbeddedServer server;
    public final StatefulRedisConnection<String, String> inspect;
    private final RedisClient inspectClient;

    private Gateway(RedisFixture redis, ApplicationContext context) {
        this.redis = redis;
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class);
        this.inspectClient = RedisClient.create(redis.uri());
        this.inspect = inspectClient.connect();
    }

    /** Starts a gateway with test-friendly defaults overridden by {@code properties}; a non-null clock replaces the system one. */
    public static Gateway start(RedisFixture redis, Clock clock, String... properties) {
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", -1);
        config.put("scamscan.redis.uri", redis.uri());
        config.put("scamscan.redis.reconnect-delay-max", "1s");
        config.put("scamscan.gateway.sweep-interval", "50ms");
        for (int i = 0; i < properties.length; i += 2) {
            config.put(properties[i], properties[i + 1]);
        }
        ApplicationContext context = ApplicationContext.builder().properties(config)
                .singletons(clock == null ? new Object[0] : new Object[]{clock}).start();
        context.getBean(EmbeddedServer.class).start();
        return new Gateway(redis, context);
    }

    public static Gateway start(RedisFixture redis, String... properties) {
        return start(redis, null, properties);
    }

    /** The task's stream with a valid token, as scan-api would hand it out. */
    public URI uri(String taskId) {
        return URI.create(uriWithoutToken(taskId) + "?token=" + token(taskId));
    }

    public URI uri(String taskId, long lastSeq) {
        return URI.create(uri(taskId) + "&last_seq=" + lastSeq);
    }

    public URI uriWithoutToken(String taskId) {
        return URI.create("ws://localhost:" + server.getPort() + "/ws/agent-progress/" + taskId);
    }

    public String token(String taskId) {
        return context.getBean(StreamTokens.class).issue(taskId);
    }

    public TestClient connect(String taskId) {
        return TestClient.connect(uri(taskId));
    }

    public ProgressRelay relay() {
        return context.getBean(ProgressRelay.class);
    }

    /** A publisher on the test's own connection, as the agent has its own (queues commands while Redis restarts). */
    public ProgressPublisher publisher() {
        return new ProgressPublisher(inspect.async(), context.getBean(RedisNames.class),
                context.getBean(ProgressSettings.class), context.getBean(ObjectMapper.class));
    }

    /** Registers a new task and returns its id. */
    public String newTask() {
        String taskId = TaskId.random();
        new TaskRegistry(inspect.async(), context.getBean(RedisNames.class), context.getBean(ProgressSettings.class),
                context.getBean(ObjectMapper.class)).create(taskId, Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    /** Publishes a tool step through the shared publisher and returns the JSON sent. */
    public String publish(String taskId, Step step, int percent) {
        return publisher().publish(taskId, ProgressEvent.progress(step, step.wireName(), "Running " + step, percent,
                Instant.now())).toCompletableFuture().join().json();
    }

    public String complete(String taskId) {
        Verdict verdict = new Verdict(VerdictLabel.SCAM, 91, List.of("phishing URL"), Entities.none());
        return publisher().publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete!", verdict,
                Instant.now())).toCompletableFuture().join().json();
    }

    /** How many subscribers Redis counts on the task's channel. */
    public long numsub(String taskId) {
        String channel = "agent_progress:" + taskId;
        return inspect.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }

    /** Redis's count of connections in pub/sub mode, across all clients. */
    public long pubSubClients() {
        return inspect.sync().clientList().lines().filter(l -> l.matches(".* flags=[A-Za-z]*P[A-Za-z]* .*")).count();
    }

    @Override
    public void close() {
        inspect.close();
        inspectClient.shutdown();
        if (context.isRunning()) {
            context.close();
        }
    }
}
