package com.scamscan.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.scamscan.api.problem.ProblemType;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a multipart upload that API Gateway delivered (body base64-encoded) into the JSON form of
 * {@code POST /scan-image}, because Micronaut's API Gateway adapter cannot bind multipart parts (micronaut-aws#270):
 * the parts {@code image}, {@code text} and {@code region} become the JSON fields of the same names, the image in
 * base64, and the controller applies the same checks and answers. Netty's multipart decoder reads the body, in memory.
 */
final class MultipartEvents {

    private MultipartEvents() {
    }

    /** Whether the event carries a multipart/form-data body. */
    static boolean isMultipart(APIGatewayV2HTTPEvent event) {
        return contentType(event).toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * The same request as JSON.
     *
     * @throws com.scamscan.api.problem.ProblemException (400 bad-part) when the body is not a well-formed multipart form
     */
    static APIGatewayV2HTTPEvent asJson(APIGatewayV2HTTPEvent event, ObjectMapper json) {
        byte[] body = event.getBody() == null ? new byte[0] : event.getIsBase64Encoded()
                ? Base64.getMimeDecoder().decode(event.getBody()) : event.getBody().getBytes(StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(event));
        Map<String, String> fields = new LinkedHashMap<>();
        HttpPostMultipartRequestDecoder decoder;
        try {
            decoder = new HttpPostMultipartRequestDecoder(new DefaultHttpDataFactory(false, StandardCharsets.UTF_8), request,
                    StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw ProblemType.BAD_PART.with("The multipart body cannot be read: " + e.getMessage());
        }
        try {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                String name = data.getName();
                if (!fields.containsKey(name) && (name.equals("image") || name.equals("text") || name.equals("region"))
                        && data instanceof HttpData part) {
                    byte[] bytes = part.get(); // a file part or a plain field: its bytes as sent
                    fields.put(name, name.equals("image") ? Base64.getEncoder().encodeToString(bytes)
                            : new String(bytes, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw ProblemType.BAD_PART.with("The multipart body cannot be read: " + e.getMessage());
        } finally {
            decoder.destroy();
            request.release();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        event.getHeaders().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-type") && !name.equalsIgnoreCase("content-length")) {
                headers.put(name, value);
            }
        });
        headers.put("content-type", "application/json");
        try {
            return APIGatewayV2HTTPEvent.builder().withVersion(event.getVersion()).withRouteKey(event.getRouteKey())
                    .withRawPath(event.getRawPath()).withRawQueryString(event.getRawQueryString()).withCookies(event.getCookies())
                    .withQueryStringParameters(event.getQueryStringParameters()).withPathParameters(event.getPathParameters())
                    .withStageVariables(event.getStageVariables()).withRequestContext(event.getRequestContext())
                    .withHeaders(headers).withBody(json.writeValueAsString(fields)).withIsBase64Encoded(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getHeaders()).flatMap(h -> h.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("content-type")).map(Map.Entry::getValue).findFirst()).orElse("");
    }
}
