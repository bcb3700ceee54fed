package com.scamscan.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent whole ({@code EVAL}) only when the server answers
 * {@code NOSCRIPT}: after a restart, a failover or a {@code SCRIPT FLUSH}. {@code EVAL} caches it again.
 */
public final class RedisScript {

    private final String name;
    private final String source;
    private final String sha1;

    private RedisScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    /** Loads a script from the classpath, next to {@code anchor}'s package. */
    public static RedisScript fromResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource + " beside " + anchor.getName());
            }
            return new RedisScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public String sha1() {
        return sha1;
    }

    /**
     * Runs the script.
     *
     * @return completes with the script's reply as {@code type} maps it; fails with the Lettuce exception of
     *         the script's error reply or of the connection
     */
    @SafeVarargs
    public final <T, V> CompletionStage<T> execute(RedisScriptingAsyncCommands<String, V> redis, ScriptOutputType type,
                                                   String[] keys, V... args) {
        CompletionStage<T> bySha = redis.evalsha(sha1, type, keys, args);
        return bySha.handle((value, failure) -> {
            if (failure == null) {
                return bySha;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                CompletionStage<T> whole = redis.eval(source, type, keys, args);
                return whole;
            }
            return bySha;
        }).thenCompose(stage -> stage);
    }

    private static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
