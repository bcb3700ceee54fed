package com.scamscan.testing.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local Redis Cluster, each node its own {@code redis-server} process on a loopback port, joined by
 * {@code redis-cli --cluster create}: masters only, or each master with replicas (for failover tests). Needs Redis 7 (sharded pub/sub) on the PATH: {@link #redis7()} says whether
 * there is one, so that cluster tests can skip with that reason where there is not.
 */
public final class RedisClusterFixture implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.");

    private final Path dir;
    private final List<Integer> ports;
    private final List<Process> nodes;

    private RedisClusterFixture(Path dir, List<Integer> ports, List<Process> nodes) {
        this.dir = dir;
        this.ports = ports;
        this.nodes = nodes;
    }

    private static RedisClusterFixture shared;

    /**
     * One 3-master cluster for the whole test JVM, started on first use and stopped when the JVM exits; tests that
     * move slots or kill connections put things back or use {@link #start} for their own.
     */
    public static synchronized RedisClusterFixture shared() {
        if (shared == null) {
            shared = start(3);
            RedisClusterFixture cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stop"));
        }
        return shared;
    }

    /** The reason cluster tests skip where they cannot run. */
    public static final String NO_REDIS_7 = "no Redis 7 redis-server and redis-cli on the PATH (sharded pub/sub needs Redis 7)";

    /** A {@code redis-server} of version 7 or later on the PATH, with its {@code redis-cli}, if there is one. */
    public static Optional<Path> redis7() {
        Optional<Path> server = RedisFixture.redisServerOnPath();
        if (server.isEmpty() || !Files.isExecutable(server.get().resolveSibling("redis-cli"))) {
            return Optional.empty();
        }
        try {
            Process version = new ProcessBuilder(server.get().toString(), "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor(10, TimeUnit.SECONDS);
            Matcher m = VERSION.matcher(text);
            return m.find() && Integer.parseInt(m.group(1)) >= 7 ? server : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Starts {@code masters} nodes, creates the cluster over them and waits until every node says it is ok. */
    public static RedisClusterFixture start(int masters) {
        return start(masters, 0);
    }

    /**
     * Starts {@code masters * (1 + replicas)} nodes, creates the cluster with {@code replicas} replicas per master
     * and waits until every node says it is ok and every replica is in sync.
     */
    public static RedisClusterFixture start(int masters, int replicas) {
        Path server = redis7().orElseThrow(() -> new IllegalStateException("no Redis 7 redis-server and redis-cli on the PATH"));
        List<Integer> ports = new ArrayList<>();
        List<Process> nodes = new ArrayList<>();
        Path dir;
        try {
            dir = Files.createTempDirectory("scamscan-cluster-");
            for (int i = 0; i < masters * (1 + replicas); i++) {
                int port = ProcessRedis.freePort();
                Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
                nodes.add(new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--bind", HOST,
                        "--dir", nodeDir.toString(), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no")
                        .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
                ports.add(port);
            }
            RedisClusterFixture cluster = new RedisClusterFixture(dir, ports, nodes);
            for (int i = 0; i < ports.size(); i++) {
                Process node = nodes.get(i);
                Resp.awaitUp(HOST, ports.get(i), Duration.ofSeconds(20), node::isAlive);
            }
            List<String> create = new ArrayList<>(List.of(server.resolveSibling("redis-cli").toString(), "--cluster", "create"));
            ports.forEach(port -> create.add(HOST + ":" + port));
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            Process joining = new ProcessBuilder(create).redirectErrorStream(true).start();
            String output = new String(joining.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!joining.waitFor(60, TimeUnit.SECONDS) || joining.exitValue() != 0) {
                cluster.close();
                throw new IllegalStateException("redis-cli --cluster create failed: " + output);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ports.stream().allMatch(port -> clusterOk(server, port)));
            if (replicas > 0) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> ports.stream().allMatch(port -> inSync(server, port)));
            }
            return cluster;
        } catch (IOException e) {
            nodes.forEach(Process::destroyForcibly);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nodes.forEach(Process::destroyForcibly);
            throw new IllegalStateException(e);
        }
    }

    private static boolean clusterOk(Path server, int port) {
        try {
            return cli(server, port, "CLUSTER", "INFO").contains("cluster_state:ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean inSync(Path server, int port) {
        try {
            String replication = cli(server, port, "INFO", "replication");
            return replication.contains("role:master") || replication.contains("master_link_status:up");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs one command with redis-cli against a node and returns its output. */
    private static String cli(Path server, int port, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(server.resolveSibling("redis-cli").toString(), "-h", HOST, "-p", Integer.toString(port)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    /** One {@code redis://} URI per node, for Lettuce's cluster client (any of them is a seed). */
    public List<String> uris() {
        return ports.stream().map(port -> "redis://" + HOST + ":" + port).toList();
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** Kills the node on this port at once (SIGKILL), as a crashed machine would stop. */
    public void kill(int port) {
        Process node = nodes.get(ports.indexOf(port));
        node.destroyForcibly();
        try {
            node.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The nodes' process ids (for CPU accounting). */
    public List<Long> pids() {
        return nodes.stream().map(Process::pid).toList();
    }

    @Override
    public void close() {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            try {
                if (!node.waitFor(10, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.destroyForcibly();
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
