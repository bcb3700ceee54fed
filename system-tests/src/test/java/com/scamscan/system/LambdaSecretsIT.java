package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The scan-api function, started as Lambda starts it (a fresh JVM, {@code LocalInvoke}) with no token key in its
 * environment or properties, only {@code SCAMSCAN_TOKEN_SECRET_ARN}: it reads the key from the AWS Parameters and
 * Secrets extension's HTTP API (a local stand-in here) with its session token, starts and accepts an upload.
 * Without that read the function would refuse to start (the key is required).
 */
class LambdaSecretsIT {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:StreamToken-AbCdEf";

    @Test
    void theFunctionReadsItsTokenKeyFromSecretsManagerAtStart() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        extension.createContext("/secretsmanager/get", exchange -> {
            asked.add(exchange.getRequestURI().getRawQuery() + " " + exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"));
            byte[] body = ("{\"ARN\":\"" + ARN + "\",\"SecretString\":\"" + AppProcess.TOKEN_SECRET + "\",\"VersionStages\":[\"AWSCURRENT\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        extension.start();
        try {
            Path screenshot = Path.of(System.getProperty("scamscan.root"), "samples", "phishing-sms.png");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dredis.uri=" + RedisFixture.shared().uri(),
                    "-Dscamscan.scan.gateway-url=ws://localhost:1",
                    "-cp", System.getProperty("scamscan.scan-api.jar"), "com.scamscan.api.lambda.LocalInvoke",
                    "scan", screenshot.toString(), "Your parcel is held"));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().remove("SCAMSCAN_TOKEN_SECRET");
            builder.environment().put("SCAMSCAN_TOKEN_SECRET_ARN", ARN);
            builder.environment().put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(extension.getAddress().getPort()));
            builder.environment().put("AWS_SESSION_TOKEN", "the-functions-session-token");
            ProcessRun run = ProcessRun.run(builder, line -> { });
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(run.out().stream().anyMatch(l -> l.startsWith("{\"request\":") && l.contains("\"status\":202")), run.all());
            assertEquals(List.of("secretId=" + java.net.URLEncoder.encode(ARN, StandardCharsets.UTF_8) + " the-functions-session-token"), asked);
        } finally {
            extension.stop(0);
        }
    }
}
