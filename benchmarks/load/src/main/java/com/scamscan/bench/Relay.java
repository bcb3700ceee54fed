package com.scamscan.bench;

import static org.awaitility.Awaitility.await;

import com.scamscan.testing.process.AppProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run measures: the gateway (its packaged jar, see {@link GatewayUnderTest}) or one of the reference peers in
 * {@code benchmarks/load/peers} ({@code node}: {@code ws} + {@code ioredis} with one shared subscriber; {@code python}:
 * the story's FastAPI relay with one Redis connection per client). All speak the subset of the protocol the
 * generator uses, so a scenario needs only the process (for its CPU and memory) and its port.
 */
final class Relay implements AutoCloseable {

    static final String GATEWAY = "gateway";
    static final List<String> PEERS = List.of("node", "python");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final long pid;
    private final int port;
    private final AppProcess gateway;
    private final Process peer;
    private final Path log;

    private Relay(String name, long pid, int port, AppProcess gateway, Process peer, Path log) {
        this.name = name;
        this.pid = pid;
        this.port = port;
        this.gateway = gateway;
        this.peer = peer;
        this.log = log;
    }

    /** The gateway jar on these Redis properties, with a budget for {@code connections}. */
    static Relay gateway(BenchRun run, Map<String, String> redis, int connections) {
        AppProcess process = GatewayUnderTest.start(run, redis, connections);
        return new Relay(GATEWAY, process.pid(), process.port(), process, null, null);
    }

    /**
     * A reference peer on the Redis at {@code redisUri}: {@code node} runs {@code peers/node/relay.mjs} (its
     * {@code node_modules} from {@code npm ci}), {@code python} runs {@code peers/python/relay.py} on
     * {@code /usr/bin/python3}. {@code --peers-dir} says where {@code peers} is (from the repository root by default).
     */
    static Relay peer(String name, BenchRun run, String redisUri) {
        Path dir = Path.of(run.options.getOrDefault("peers-dir", "benchmarks/load/peers")).resolve(name).toAbsolutePath();
        List<String> command = switch (name) {
            case "node" -> List.of(run.options.getOrDefault("node", "node"), "relay.mjs");
            case "python" -> List.of(run.options.getOrDefault("python", "/usr/bin/python3"), "relay.py");
            default -> throw new IllegalArgumentException("unknown peer " + name + " (known: " + PEERS + ")");
        };
        if (name.equals("node") && !Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException("no " + dir.resolve("node_modules") + ": run npm ci there (the Maven build does)");
        }
        int port = freePort();
        try {
            Path log = Files.createTempFile("scamscan-peer-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("REDIS_URL", redisUri);
            builder.environment().put("HEARTBEAT_SECONDS", Integer.toString(run.integer("heartbeat", 15)));
            Process process = builder.start();
            Relay relay = new Relay(name, process.pid(), port, null, process, log);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " peer exited: " + relay.log());
                    }
                    return relay.healthy();
                });
            } catch (RuntimeException e) {
                relay.close(); // not left running when it never came up
                throw e;
            }
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return pid;
    }

    int port() {
        return port;
    }

    /** The gateway process, when this is the gateway (for what only it has, e.g. its /prometheus). */
    Optional<AppProcess> gatewayProcess() {
        return Optional.ofNullable(gateway);
    }

    String log() {
        if (gateway != null) {
            return gateway.log();
        }
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean healthy() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
            return;
        }
        AppProcess.stop(peer);
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
