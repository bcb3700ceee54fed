package com.scamscan.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The functions' secrets come from the Parameters and Secrets extension's HTTP API, played here by a local server. */
class LambdaSecretsTest {

    private static final String TOKEN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:StreamToken-AbCdEf";
    private static final String REDIS_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:RedisPassword-GhIjKl";

    private HttpServer extension;
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        extension.createContext("/secretsmanager/get", exchange -> {
            tokens.add(exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"));
            String id = java.net.URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceFirst("^secretId=", ""), StandardCharsets.UTF_8);
            String value = secrets.get(id);
            byte[] body = (value == null
                    ? "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}"
                    : "{\"ARN\":\"" + id + "\",\"Name\":\"x\",\"SecretBinary\":null,\"SecretString\":\"" + value
                    + "\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":\"2026-11-27T00:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(value == null ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        extension.start();
    }

    @AfterEach
    void stop() {
        extension.stop(0);
    }

    private Map<String, String> environment(Map<String, String> more) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(extension.getAddress().getPort()),
                "AWS_SESSION_TOKEN", "session-token-of-the-function"));
        environment.putAll(more);
        return environment;
    }

    @Test
    void eachNamedSecretBecomesItsPropertyAskedWithTheSessionToken() {
        secrets.put(TOKEN_ARN, "a-stream-token-key-of-at-least-32-bytes-0123456789");
        secrets.put(REDIS_ARN, "redis-password-0123456789");
        Map<String, Object> properties = LambdaSecrets.read(environment(Map.of(
                "SCAMSCAN_TOKEN_SECRET_ARN", TOKEN_ARN, "SCAMSCAN_REDIS_PASSWORD_ARN", REDIS_ARN)));
        assertEquals(Map.of("scamscan.security.stream-token.secret", "a-stream-token-key-of-at-least-32-bytes-0123456789",
                "redis.password", "redis-password-0123456789"), properties);
        assertEquals(List.of("session-token-of-the-function", "session-token-of-the-function"), tokens);
    }

    @Test
    void withoutArnsNothingIsRead() {
        assertEquals(Map.of(), LambdaSecrets.read(environment(Map.of())));
        assertTrue(tokens.isEmpty());
    }

    @Test
    void aMissingSecretFailsTheStartWithItsNameAndNoValue() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> LambdaSecrets.read(environment(Map.of(
                "SCAMSCAN_TOKEN_PREVIOUS_SECRET_ARN", TOKEN_ARN))));
        assertTrue(missing.getMessage().contains("SCAMSCAN_TOKEN_PREVIOUS_SECRET_ARN") && missing.getMessage().contains("400"), missing.getMessage());
    }

    @Test
    void noExtensionFailsTheStartSayingSo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> environment = environment(Map.of("SCAMSCAN_TOKEN_SECRET_ARN", TOKEN_ARN));
        environment.put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(port));
        IllegalStateException unreachable = assertThrows(IllegalStateException.class, () -> LambdaSecrets.read(environment));
        assertTrue(unreachable.getMessage().contains("Lambda Extension layer"), unreachable.getMessage());
        assertFalse(unreachable.getMessage().contains("session-token"), "the token is never shown");
    }
}
