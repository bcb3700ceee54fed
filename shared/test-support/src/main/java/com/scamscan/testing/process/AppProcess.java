package com.scamscan.testing.process;

import static org.awaitility.Awaitility.await;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One of the apps as its own JVM, from its packaged jar, on a free port; output goes to a log file. */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The stream-token key apps started here share (a test value: never use it anywhere else). */
    public static final String TOKEN_SECRET = "test-only-secret-0123456789abcdef-0123456789abcdef";

    private static final Map<String, String> TEST_DEFAULTS = Map.of(
            "scamscan.security.stream-token.secret", TOKEN_SECRET,
            "scamscan.security.rate-limit.scans-per-window", "0",
            "scamscan.security.rate-limit.connects-per-window", "0",
            "scamscan.gateway.allowed-origins", "*");

    private static final String GATEWAY_WARM_UP = "scamscan.gateway.warm-up.enabled";

    private final String name;
    private final List<String> command;
    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(String name, List<String> command, Process process, int port, Path log) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code scan-api} or {@code gateway} from the jar named by the system property {@code scamscan.APP.jar},
     * with these properties, and waits until its /health answers. A gateway started this way does not warm up
     * (seconds no system test needs) unless the properties turn {@code scamscan.gateway.warm-up.enabled} on.
     */
    public static AppProcess start(String app, Map<String, String> properties) {
        String jar = System.getProperty("scamscan." + app + ".jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("no packaged jar for " + app + " at " + jar + " (run ./mvnw verify from the root)");
        }
        if ("gateway".equals(app) && !properties.containsKey(GATEWAY_WARM_UP)) {
            properties = new java.util.LinkedHashMap<>(properties);
            properties.put(GATEWAY_WARM_UP, "false");
        }
        return start(app, Path.of(jar), List.of("-Xmx384m"), properties);
    }

    /**
     * Starts an app's jar with these JVM options and properties, and waits until its /health answers. Unless the
     * properties say otherwise, the app gets {@link #TOKEN_SECRET}, no rate limits and any origin (the tests of
     * those limits set their own).
     */
    public static AppProcess start(String app, Path jar, List<String> jvmOptions, Map<String, String> properties) {
        Map<String, String> withDefaults = new java.util.LinkedHashMap<>(TEST_DEFAULTS);
        withDefaults.putAll(properties);
        properties = withDefaults;
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dmicronaut.server.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return launch(app, List.copyOf(command), port);
    }

    /** The same app again, on the same port, after this process ended (e.g. was {@link #kill() killed}). */
    public AppProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        return launch(name, command, port);
    }

    private static AppProcess launch(String app, List<String> command, int port) {
        try {
            Path log = Files.createTempFile("scamscan-" + app + "-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            AppProcess started = new AppProcess(app, command, process, port, log);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(app + " exited: " + started.log());
                }
                return started.healthy();
            });
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The operating-system process id, e.g. to read its resident memory. */
    public long pid() {
        return process.pid();
    }

    public URI http(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    boolean healthy() {
        try {
            return HTTP.send(HttpRequest.newBuilder(http("/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends the process at once, as a crash or {@code kill -9} would: no shutdown hooks, no cleanup. */
    public void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    /** What the process printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop(process);
    }

    /** Stops a child process as SIGTERM would (its shutdown hooks run), forcibly if it has not ended within 15 s. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
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
