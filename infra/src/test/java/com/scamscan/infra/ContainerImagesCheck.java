package com.scamscan.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The container images Jib built in this run ({@code ./mvnw -B verify -Dimages}, run by {@code .ci/run}): one per
 * app, on the JRE base, with its main class, JVM flags, port and an unprivileged user. Runs only in that profile.
 */
class ContainerImagesCheck {

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
        assertEquals("\"java\",\"-XX:MaxRAMPercentage=75\",\"-XX:+ExitOnOutOfMemoryError\",\"-cp\",\"@/app/jib-classpath-file\",\""
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
