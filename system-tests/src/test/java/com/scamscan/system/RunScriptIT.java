package com.scamscan.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a new user runs it: everything starts, the sample is scanned live (without using up
 * one of the person's uploads), its page (in chromium, {@code clients/browser-tests/page-test.mjs drop}) does not show the web
 * search it has not configured, a second run on the same ports refuses to start and leaves the first one's processes
 * and logs alone, Ctrl-C stops all.
 */
class RunScriptIT {

    @Test
    void runStartsTheStackScansTheSampleLiveAndStopsEverything() throws Exception {
        Path root = Path.of(System.getProperty("scamscan.root", "..")).toAbsolutePath().normalize();
        int scanApi = freePort();
        int gateway = freePort();
        int redis = freePort();
        Path output = Files.createTempFile("scamscan-run-", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "run").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("REDIS_URL");
        builder.environment().put("SCAN_API_PORT", Integer.toString(scanApi));
        builder.environment().put("GATEWAY_PORT", Integer.toString(gateway));
        builder.environment().put("SCAMSCAN_REDIS_PORT", Integer.toString(redis));
        Process run = builder.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(output).contains("Press Ctrl-C to stop.")
                    || !run.isAlive());
            String printed = Files.readString(output);
            assertTrue(printed.contains("ScamScan is running"), printed);
            assertTrue(printed.contains("100%  Analysis complete!"), printed);
            assertTrue(printed.contains("Verdict: SCAM (risk score"), printed);
            assertTrue(printed.contains("done     Phone numbers"), printed);
            assertTrue(listening(scanApi) && listening(gateway) && listening(redis));
            assertEquals("*0", redis(redis, "KEYS", "ratelimit:scan:*"), "the demo scan was counted against the rate limit");

            // the page of a stack without web search configured: that step is not shown to the person
            Path artifacts = root.resolve("system-tests/target/browser-artifacts/run-script");
            ProcessRun page = ProcessRun.run(new ProcessBuilder("node", "clients/browser-tests/page-test.mjs", "drop",
                    "--url", "http://localhost:" + scanApi, "--image", root.resolve("samples/phishing-sms.png").toString(),
                    "--out", artifacts.toString(), "--hidden", "exa_search").directory(root.toFile()).redirectErrorStream(true), line -> { });
            assertEquals(0, page.exitCode(), page.all());

            // the same ports again: refused before anything starts, the first run untouched
            Path logs = root.resolve("target/run/latest").toRealPath();
            String scanApiLog = Files.readString(logs.resolve("scan-api.log"));
            ProcessBuilder second = new ProcessBuilder("bash", "run", "--no-demo").directory(root.toFile()).redirectErrorStream(true);
            second.environment().putAll(builder.environment());
            Process again = second.start();
            String refused = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(again.waitFor(60, TimeUnit.SECONDS), refused);
            assertEquals(1, again.exitValue(), refused);
            assertTrue(refused.contains("Not starting: a port ScamScan needs is already in use"), refused);
            assertTrue(refused.contains(scanApi + " (scan-api, SCAN_API_PORT)") && refused.contains(gateway + " (gateway")
                    && refused.contains(redis + " (Redis"), refused);
            assertFalse(refused.contains("ScamScan is running"), refused);
            assertEquals(logs, root.resolve("target/run/latest").toRealPath(), "the second run took over latest");
            assertTrue(Files.readString(logs.resolve("scan-api.log")).startsWith(scanApiLog), "the first run's log was rewritten");
            assertTrue(run.isAlive() && listening(scanApi) && listening(gateway) && listening(redis), "the first run was harmed");
        } finally {
            run.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the script stops what it started
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !run.isAlive());
        await().atMost(Duration.ofSeconds(30)).until(() -> !listening(scanApi) && !listening(gateway) && !listening(redis));
    }

    /** One Redis command over RESP; the first line of the reply. */
    private static String redis(int port, String... command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
            for (String part : command) {
                request.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
