package com.scamscan.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lambda functions' secrets, read when the function starts from Secrets Manager through the AWS Parameters and
 * Secrets Lambda Extension (a layer serving {@code GET localhost:2773/secretsmanager/get?secretId=ARN}, authorised by
 * the function's session token), instead of sitting in the function's environment. Each {@code *_ARN} variable
 * names a secret whose string becomes a configuration property; without those variables nothing is read (tests,
 * {@code LocalInvoke}, or secrets given as before).
 */
public final class LambdaSecrets {

    /** Environment variable naming the secret → the property its value becomes. */
    public static final Map<String, String> VARIABLES = Map.of(
            "SCAMSCAN_TOKEN_SECRET_ARN", "scamscan.security.stream-token.secret",
            "SCAMSCAN_TOKEN_PREVIOUS_SECRET_ARN", "scamscan.security.stream-token.previous-secret",
            "SCAMSCAN_REDIS_PASSWORD_ARN", "redis.password");
    static final String PORT_VARIABLE = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";
    static final int DEFAULT_PORT = 2773;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private LambdaSecrets() {
    }

    /** The properties of the secrets this function's environment names (empty when it names none). */
    public static Map<String, Object> load() {
        return read(System.getenv());
    }

    static Map<String, Object> read(Map<String, String> environment) {
        Map<String, Object> properties = new LinkedHashMap<>();
        HttpClient client = null;
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            String arn = environment.get(variable.getKey());
            if (arn == null || arn.isBlank()) {
                continue;
            }
            if (client == null) {
                client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            }
            properties.put(variable.getValue(), fetch(client, environment, variable.getKey(), arn));
        }
        return properties;
    }

    private static String fetch(HttpClient client, Map<String, String> environment, String variable, String arn) {
        int port = Integer.parseInt(environment.getOrDefault(PORT_VARIABLE, Integer.toString(DEFAULT_PORT)));
        String token = environment.getOrDefault("AWS_SESSION_TOKEN", "");
        URI uri = URI.create("http://localhost:" + port + "/secretsmanager/get?secretId=" + URLEncoder.encode(arn, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("X-Aws-Parameters-Secrets-Token", token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                // the extension's error body names the secret and the reason, never its value
                throw new IllegalStateException(variable + ": the secrets extension answered " + response.statusCode()
                        + " for " + arn + ": " + response.body());
            }
            String value = secretString(response.body());
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException(variable + ": secret " + arn + " has no SecretString");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException(variable + ": the secrets extension on port " + port
                    + " could not be reached (is the AWS Parameters and Secrets Lambda Extension layer attached?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(variable + ": interrupted while reading " + arn, e);
        }
    }

    private static String secretString(String body) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("SecretString".equals(field) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        }
    }
}
