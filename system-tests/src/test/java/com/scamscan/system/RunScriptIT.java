package com.scamscan.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's run command, as a new user runs it: everything starts, the sample is scanned live, Ctrl-C stops all. */
class RunScriptIT {

    @Test
    void runStartsTheStackScansTheSampleLiveAndStopsEverything() throws Exception {
        Path root = Path.of(System.getProperty("scamscan.gateway.jar")).getParent().getParent().getParent();
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
        } finally {
            run.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the script stops what it started
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !run.isAlive());
        await().atMost(Duration.ofSeconds(30)).until(() -> !listening(scanApi) && !listening(gateway) && !listening(redis));
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
