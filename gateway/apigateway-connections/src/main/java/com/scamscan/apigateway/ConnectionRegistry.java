package com.scamscan.apigateway;

import com.scamscan.redis.RedisNames;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScanIterator;
import com.scamscan.redis.RedisConnections;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Which task each API Gateway connection watches: written by {@code $connect}, read by the relay service,
 * removed by {@code $disconnect} (or by its TTL). Both sides announce changes on one channel.
 */
@Singleton
public class ConnectionRegistry {

    /** A connection as {@code $connect} admitted it. */
    public record Connection(String connectionId, String taskId, long lastSeq) {
    }

    static final String ATTACH = "attach:";
    private static final RedisScript ADVANCE = RedisScript.fromResource(ConnectionRegistry.class, "advance-last-seq.lua");
    static final String DETACH = "detach:";

    private final RedisConnections.Connection<String> connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final ApiGatewaySettings settings;

    public ConnectionRegistry(RedisConnections.Connection<String> connection, RedisNames names, ApiGatewaySettings settings) {
        this.connection = connection;
        this.redis = connection.async();
        this.names = names;
        this.settings = settings;
    }

    /** Records an admitted connection and tells the relay services. */
    public CompletionStage<Void> admit(Connection connection, Instant now) {
        String key = names.apiGatewayConnection(connection.connectionId());
        return redis.hset(key, Map.of("task_id", connection.taskId(), "last_seq", Long.toString(connection.lastSeq()),
                        "connected_at", Long.toString(now.toEpochMilli())))
                .thenCompose(fields -> redis.expire(key, settings.connectionTtl().toSeconds()))
                .thenCompose(set -> redis.publish(names.apiGatewayAnnouncements(), ATTACH + connection.connectionId()))
                .thenApply(receivers -> null);
    }

    /** The connection's record, if it still has one. */
    public CompletionStage<Optional<Connection>> find(String connectionId) {
        return redis.hgetall(names.apiGatewayConnection(connectionId)).thenApply(fields -> {
            if (fields == null || fields.get("task_id") == null) {
                return Optional.empty();
            }
            return Optional.of(new Connection(connectionId, fields.get("task_id"), Long.parseLong(fields.getOrDefault("last_seq", "0"))));
        });
    }

    /** Removes the record and tells the relay services; completes with whether there was one. */
    public CompletionStage<Boolean> remove(String connectionId) {
        return redis.del(names.apiGatewayConnection(connectionId))
                .thenCompose(deleted -> redis.publish(names.apiGatewayAnnouncements(), DETACH + connectionId)
                        .thenApply(receivers -> deleted > 0));
    }

    /**
     * Records that the connection has every event up to {@code seq}, where it still has a record (a relay service
     * handing it over: the next one replays only what comes after). Never moves {@code last_seq} back.
     */
    public CompletionStage<Void> delivered(String connectionId, long seq) {
        return ADVANCE.<Long, String>execute(redis, ScriptOutputType.INTEGER, new String[]{names.apiGatewayConnection(connectionId)},
                Long.toString(seq)).thenApply(changed -> null);
    }

    /** Every recorded connection id, for a relay service that starts while connections are open. */
    public List<String> all() {
        String prefix = names.apiGatewayConnection("");
        List<String> ids = new ArrayList<>();
        ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500))
                .forEachRemaining(key -> ids.add(key.substring(prefix.length())));
        return ids;
    }
}
