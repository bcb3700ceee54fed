package com.scamscan.testing.redis;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A real Redis server for tests. Never a mock.
 *
 * <p>The server comes from the first of these that is available (docs/testing.md):
 * <ol>
 *   <li>{@code REDIS_URL}, an external server: it cannot be stopped or restarted by the test;</li>
 *   <li>Testcontainers, when a Docker engine answers;</li>
 *   <li>{@code redis-server} on the {@code PATH};</li>
 *   <li>the Redis 6.2 binary shipped inside {@code com.github.codemonstur:embedded-redis}.</li>
 * </ol>
 * The choice can be forced with the environment variable or system property {@code REDIS_FIXTURE}
 * ({@code url}, {@code testcontainers}, {@code path}, {@code embedded}).
 *
 * <p>Servers started here listen on a free loopback port. {@link #stop()} shuts the server down with
 * {@code SHUTDOWN SAVE}, so {@link #start()} brings it back on the same port with its data, which is
 * what Redis-restart tests need; {@link #kill()} ends it abruptly instead.
 */
public final class RedisFixture implements AutoCloseable {

    /** Where the server comes from. */
    public enum Source { URL, TESTCONTAINERS, PATH, EMBEDDED }

    /** The environment variable (or system property) that forces a {@link Source}. */
    public static final String FORCE_VARIABLE = "REDIS_FIXTURE";

    private static volatile RedisFixture shared;

    private final Source source;
    private final RedisServerHandle server;

    private RedisFixture(Source source, RedisServerHandle server) {
        this.source = source;
        this.server = server;
    }

    /**
     * One server for the whole test JVM, started on first use and stopped when the JVM exits.
     * Tests that share it isolate themselves by key (random task ids); they must not stop it.
     */
    public static RedisFixture shared() {
        RedisFixture current = shared;
        if (current == null) {
            synchronized (RedisFixture.class) {
                current = shared;
                if (current == null) {
                    current = startNew();
                    RedisFixture toClose = current;
                    Runtime.getRuntime().addShutdownHook(new Thread(toClose::close, "redis-fixture-shutdown"));
                    shared = current;
                }
            }
        }
        return current;
    }

    /** A server of its own, for a test that stops or restarts it. The caller closes it. */
    public static RedisFixture startNew() {
        return start(chooseSource());
    }

    /** A server of its own from the given source; fails when that source is not available here. */
    public static RedisFixture start(Source source) {
        RedisServerHandle handle = switch (source) {
            case URL -> new ExternalRedis(URI.create(env("REDIS_URL").orElseThrow(
                    () -> new IllegalStateException("REDIS_URL is not set"))));
            case TESTCONTAINERS -> ContainerRedis.launch();
            case PATH -> ProcessRedis.launch(redisServerOnPath().orElseThrow(
                    () -> new IllegalStateException("no redis-server on the PATH")));
            case EMBEDDED -> ProcessRedis.launch(EmbeddedBinary.extract());
        };
        return new RedisFixture(source, handle);
    }

    /** The source {@link #startNew()} would use on this machine. */
    public static Source chooseSource() {
        Optional<String> forced = env(FORCE_VARIABLE).filter(s -> !s.isBlank());
        if (forced.isPresent()) {
            return Source.valueOf(forced.get().trim().toUpperCase(Locale.ROOT));
        }
        if (env("REDIS_URL").filter(s -> !s.isBlank()).isPresent()) {
            return Source.URL;
        }
        if (ContainerRedis.dockerAnswers()) {
            return Source.TESTCONTAINERS;
        }
        if (redisServerOnPath().isPresent()) {
            return Source.PATH;
        }
        return Source.EMBEDDED;
    }

    /** The {@code redis-server} executable on the PATH, if any. */
    public static Optional<Path> redisServerOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Source source() {
        return source;
    }

    /** {@code redis://host:port}, the form Lettuce and {@code redis.uri} take. */
    public String uri() {
        return "redis://" + host() + ":" + port();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** Whether {@link #stop()}, {@link #start()} and {@link #kill()} work (not for {@code REDIS_URL}). */
    public boolean controllable() {
        return server.controllable();
    }

    /** Whether the server answers {@code PING} now. */
    public boolean isUp() {
        return Resp.ping(host(), port());
    }

    /** Stops the server after saving its data to disk (RDB), so that {@link #start()} brings the data back. */
    public void stop() {
        server.stop();
    }

    /** Ends the server at once, without saving anything written since the last save. */
    public void kill() {
        server.kill();
    }

    /** Starts a stopped server again on the same port, and waits until it answers {@code PING}. */
    public void start() {
        server.start();
    }

    /** {@link #stop()} then {@link #start()}. */
    public void restart() {
        stop();
        start();
    }

    /** Ends the server and deletes what it wrote to disk. */
    @Override
    public void close() {
        server.close();
    }

    private static Optional<String> env(String name) {
        String property = System.getProperty(name);
        return Optional.ofNullable(property != null ? property : System.getenv(name));
    }

    /** One way of running Redis. */
    interface RedisServerHandle extends AutoCloseable {
        String host();

        int port();

        boolean controllable();

        void stop();

        void kill();

        void start();

        @Override
        void close();
    }

    /** {@code REDIS_URL}: used as it is. */
    private record ExternalRedis(URI uri) implements RedisServerHandle {
        @Override
        public String host() {
            return uri.getHost();
        }

        @Override
        public int port() {
            return uri.getPort() > 0 ? uri.getPort() : 6379;
        }

        @Override
        public boolean controllable() {
            return false;
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("REDIS_URL points at a server this test does not own");
        }

        @Override
        public void kill() {
            stop();
        }

        @Override
        public void start() {
            stop();
        }

        @Override
        public void close() {
            // not ours to stop
        }
    }

    /** The binary inside the embedded-redis jar, unpacked once per JVM. */
    static final class EmbeddedBinary {
        private static Path extracted;

        static synchronized Path extract() {
            if (extracted == null) {
                try {
                    extracted = redis.embedded.core.ExecutableProvider.newJarResourceProvider().get().toPath();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot unpack the embedded redis-server binary", e);
                }
            }
            return extracted;
        }

        private EmbeddedBinary() {
        }
    }
}
