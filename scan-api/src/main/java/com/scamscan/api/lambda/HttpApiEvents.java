package com.scamscan.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway HTTP API events (payload format 2.0) as API Gateway builds them, for invoking {@link ScanApiFunction}
 * without AWS: binary bodies base64-encoded ({@code isBase64Encoded}), header names in lower case, the caller's
 * address in {@code requestContext.http.sourceIp}.
 */
public final class HttpApiEvents {

    private HttpApiEvents() {
    }

    /** {@code GET path?query}. */
    public static APIGatewayV2HTTPEvent get(String pathAndQuery, String sourceIp) {
        return event("GET", pathAndQuery, Map.of(), null, false, sourceIp);
    }

    /** {@code POST path} with a JSON body (sent as text, as API Gateway does for {@code application/json}). */
    public static APIGatewayV2HTTPEvent json(String path, String body, String sourceIp) {
        return event("POST", path, Map.of("content-type", "application/json"), body, false, sourceIp);
    }

    /**
     * {@code POST path} with a {@code multipart/form-data} body of one file part {@code image} and text fields:
     * base64-encoded, as API Gateway passes every multipart body to a function.
     */
    public static APIGatewayV2HTTPEvent multipart(String path, byte[] image, String filename, String contentType,
                                                  Map<String, String> fields, String sourceIp) {
        String boundary = "----scamscan" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(image);
        write(body, "\r\n");
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n"));
        write(body, "--" + boundary + "--\r\n");
        return binary("POST", path, "multipart/form-data; boundary=" + boundary, body.toByteArray(), sourceIp);
    }

    /** A request with any body, base64-encoded as API Gateway passes binary and multipart bodies. */
    public static APIGatewayV2HTTPEvent binary(String method, String path, String contentType, byte[] body, String sourceIp) {
        return event(method, path, Map.of("content-type", contentType), Base64.getEncoder().encodeToString(body), true, sourceIp);
    }

    /**
     * The event as a named stage of an HTTP API delivers it to the function when called on its execute-api host
     * ({@code https://HOST/STAGE/...}): the stage in front of both paths, in {@code requestContext.stage}, and the host.
     */
    public static APIGatewayV2HTTPEvent onStage(APIGatewayV2HTTPEvent event, String stage, String host) {
        event.setRawPath("/" + stage + event.getRawPath());
        event.getRequestContext().getHttp().setPath("/" + stage + event.getRequestContext().getHttp().getPath());
        event.getRequestContext().setStage(stage);
        event.getRequestContext().setDomainName(host);
        Map<String, String> headers = new java.util.HashMap<>(event.getHeaders());
        headers.put("host", host);
        event.setHeaders(headers);
        return event;
    }

    private static APIGatewayV2HTTPEvent event(String method, String pathAndQuery, Map<String, String> headers, String body,
                                               boolean base64, String sourceIp) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("host", "api.example");
        all.put("x-forwarded-for", sourceIp);
        all.put("x-forwarded-proto", "https");
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString(query)
                .withQueryStringParameters(parameters.isEmpty() ? null : parameters)
                .withHeaders(all).withBody(body).withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("$default").withStage("$default").withApiId("local").withDomainName("api.example")
                        .withRequestId(UUID.randomUUID().toString()).withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp(sourceIp)
                                .withUserAgent("scamscan-local-invoke").build())
                        .build())
                .build();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
