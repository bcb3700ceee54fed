package com.scamscan.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The container images Jib built in this run ({@code ./mvnw -B verify -Dimages}, run by {@code .ci/run}): one per
 * app, on the JRE base, with its main class, JVM flags, port and an unprivileged user; the gateway's starts with its
 * class-data sharing archive. Runs only in that profile.
 */
class ContainerImagesCheck {

    /**
     * The gateway's flags besides every image's: its class-data sharing archive (the JIT keeps its defaults:
     * docs/capacity.md#cold-start) and a heap that gives back what idle connections do not need (#memory-per-idle-connection).
     */
    static final List<String> GATEWAY_FLAGS = List.of("-XX:SharedArchiveFile=/app/gateway.jsa", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:G1PeriodicGCInterval=60000");

    private static final Path ROOT = Path.of(System.getProperty("scamscan.root", "..")).toAbsolutePath().normalize();

    @ParameterizedTest
    @CsvSource({
        "scan-api,   scan-api,           com.scamscan.api.Application,            8080",
        "gateway,    gateway/server,     com.scamscan.gateway.server.Application, 8081",
        "apigateway-relay, gateway/apigateway-relay, com.scamscan.apigateway.RelayService, 8081"})
    void eachAppHasItsImage(String app, String module, String mainClass, int port) throws Exception {
        Map<String, byte[]> image = entries(ROOT.resolve(module).resolve("target/image.tar"));
        String manifest = text(image.get("manifest.json"));
        assertTrue(manifest.contains("\"RepoTags\":[\"scamscan/" + app + ":0.1.0-SNAPSHOT\"]"), manifest);
        String config = text(image.get("config.json"));
        Matcher entrypoint = Pattern.compile("\"Entrypoint\":\\[([^\\]]*)]").matcher(config);
        assertTrue(entrypoint.find(), config);
        String flags = app.equals("gateway") ? GATEWAY_FLAGS.stream().map(f -> ",\"" + f + "\"").reduce("", String::concat) : "";
        assertEquals("\"java\",\"-XX:MaxRAMPercentage=75\",\"-XX:+ExitOnOutOfMemoryError\"" + flags + ",\"-cp\",\"@/app/jib-classpath-file\",\""
                + mainClass + "\"", entrypoint.group(1));
        assertTrue(config.contains("\"ExposedPorts\":{\"" + port + "/tcp\":{}}"), config);
        assertTrue(config.contains("\"User\":\"1000:1000\""), config);
        assertTrue(config.contains("\"JAVA_HOME=/opt/java\""), config);

        // built on the JRE base: its layer is the image's first
        Map<String, byte[]> base = entries(ROOT.resolve("target/jre-base.tar"));
        String baseDiffId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(base.get("layer.tar")));
        Matcher diffIds = Pattern.compile("\"diff_ids\":\\[\"([^\"]+)\"").matcher(config);
        assertTrue(diffIds.find(), config);
        assertEquals(baseDiffId, diffIds.group(1));
    }

    /**
     * The gateway's image starts warm (docs/capacity.md#cold-start): its class-data sharing archive is in the image,
     * first on the class path is the jar it describes, and the image's own JVM maps it. Run from the image's files
     * (all layers, in a chroot: the archive names /app/gateway.jar) with -Xshare:on, which refuses to start when the
     * archive is missing, was written by another JVM or for another class path; the gateway's classes and its
     * libraries' then come from the archive ("source: shared objects file"). No Redis: the gateway waits for it.
     */
    @Test
    void gatewayStartsWithItsClassDataArchive(@TempDir Path dir) throws Exception {
        Path tar = ROOT.resolve("gateway/server/target/image.tar");
        Map<String, byte[]> image = entries(tar);
        Path root = Files.createDirectories(dir.resolve("root"));
        Matcher layers = Pattern.compile("\"Layers\":\\[([^\\]]*)]").matcher(text(image.get("manifest.json")));
        assertTrue(layers.find());
        for (String layer : layers.group(1).replace("\"", "").split(",")) {
            Path file = dir.resolve("layer.tar.gz");
            Files.write(file, image.get(layer));
            assertEquals(0, new ProcessBuilder("tar", "--warning=no-unknown-keyword", "-xzf", file.toString(), "-C", root.toString()).inheritIO().start().waitFor(), layer);
        }
        assertTrue(Files.size(root.resolve("app/gateway.jsa")) > 10_000_000, "the archive is in the image");
        assertTrue(Files.readString(root.resolve("app/jib-classpath-file")).startsWith("/app/gateway.jar:"), "its jar comes first");

        String config = text(image.get("config.json"));
        Matcher entrypoint = Pattern.compile("\"Entrypoint\":\\[([^\\]]*)]").matcher(config);
        assertTrue(entrypoint.find(), config);
        List<String> command = new ArrayList<>();
        boolean unprivileged = !"root".equals(System.getProperty("user.name"));
        if (unprivileged) {
            command.addAll(List.of("unshare", "--user", "--map-root-user")); // root in a namespace of its own, only to chroot
        }
        command.addAll(List.of("chroot", root.toString()));
        List<String> java = new ArrayList<>(List.of(entrypoint.group(1).replace("\"", "").split(",")));
        java.set(0, "/opt/java/bin/java");
        java.addAll(1, List.of("-Xshare:on", "-Xlog:class+load=info", "-Dmicronaut.server.port=-1", "-Dredis.uri=redis://127.0.0.1:1"));
        command.addAll(java);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LD_LIBRARY_PATH", "/opt/java/lib:/opt/java/lib/server"); // the base image's environment
        Process gateway = builder.start();
        // a watchdog, not a wait: the output below ends when the process does
        CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS).execute(gateway::destroyForcibly);
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.add(line);
                // a library class loaded only once the application context is up and asks for Redis
                if (line.contains(" io.lettuce.core.RedisClient source:")) {
                    break;
                }
            }
        } finally {
            gateway.destroyForcibly();
            gateway.waitFor();
        }
        String log = String.join("\n", seen.subList(Math.max(0, seen.size() - 40), seen.size()));
        assertTrue(seen.stream().anyMatch(l -> l.endsWith(" com.scamscan.gateway.server.Application source: shared objects file")), log);
        assertTrue(seen.stream().anyMatch(l -> l.endsWith(" io.lettuce.core.RedisClient source: shared objects file")), log);
        long shared = seen.stream().filter(l -> l.endsWith("source: shared objects file")).count();
        assertTrue(shared > 3 * seen.stream().filter(l -> l.contains("source: jar:") || l.contains("source: file:")).count(),
                "most classes come from the archive: " + shared + " of " + seen.size() + " lines\n" + log);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The files of a Docker-format image tar, read with the JDK only (512-byte ustar headers). */
    private static Map<String, byte[]> entries(Path tar) throws IOException {
        assertTrue(Files.exists(tar), tar + " missing: run ./mvnw -B verify -Dimages");
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
                char type = (char) header[156];
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                long left = size;
                byte[] block = new byte[512];
                while (left > 0) {
                    in.readNBytes(block, 0, 512);
                    content.write(block, 0, (int) Math.min(512, left));
                    left -= 512;
                }
                if (type == 'L') { // GNU long name for the next entry
                    longName = text(content.toByteArray()).replace("\0", "");
                    continue;
                }
                files.put(longName != null ? longName : name, content.toByteArray());
                longName = null;
            }
        }
        return files;
    }
}
