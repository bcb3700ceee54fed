package com.scamscan.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.scamscan.protocol.ScanAccepted;
import com.scamscan.protocol.StreamTokenRenewed;
import io.micronaut.aws.apigateway.AmazonApiGatewayUtils;
import io.micronaut.aws.apigateway.HttpRequestStageResolver;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * scan-api on Lambda behind a named API Gateway stage ({@code https://ID.execute-api.REGION.amazonaws.com/prod/...}):
 * the stage is the first segment of every path there, both in what the caller sees and in the event's path. So the
 * function takes it off before routing ({@link #withoutStage}), and this filter puts it in front of the links it
 * answers with: the 202's {@code Location} and {@code status_url}, and the renewed token's {@code status_url}. The stage
 * comes from micronaut-aws-apigateway's {@link HttpRequestStageResolver}; whether the caller used the execute-api host
 * (where the stage is in the path, unlike behind a custom domain's API mapping or on the {@code $default} stage) from its
 * {@link AmazonApiGatewayUtils}. In the container no request has a stage, and nothing changes.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(classes = APIGatewayV2HTTPEvent.class)
public final class StageLinks {

    /** The stage an HTTP API serves at the root, without a path segment. */
    static final String DEFAULT_STAGE = "$default";

    private final HttpRequestStageResolver stages;

    public StageLinks(HttpRequestStageResolver stages) {
        this.stages = stages;
    }

    /** {@code /STAGE} for a request through a named stage on the execute-api host; empty otherwise. */
    String prefix(HttpRequest<?> request) {
        Optional<String> stage = stages.resolve(request);
        return stage.isPresent() && inPath(stage.get(), request.getHeaders().get(HttpHeaders.HOST)) ? "/" + stage.get() : "";
    }

    @ResponseFilter
    public void links(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String prefix = prefix(request);
        if (prefix.isEmpty()) {
            return;
        }
        String location = response.getHeaders().get(HttpHeaders.LOCATION);
        if (location != null && location.startsWith("/")) {
            response.getHeaders().set(HttpHeaders.LOCATION, prefix + location);
        }
        Object body = response.getBody().orElse(null);
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Object> any = (MutableHttpResponse<Object>) response;
        if (body instanceof ScanAccepted accepted) {
            any.body(new ScanAccepted(accepted.taskId(), accepted.wsUrl(), prefix + accepted.statusUrl(), accepted.sseUrl()));
        } else if (body instanceof StreamTokenRenewed renewed) {
            any.body(new StreamTokenRenewed(renewed.token(), renewed.expiresAt(), renewed.wsUrl(), prefix + renewed.statusUrl(),
                    renewed.sseUrl()));
        }
    }

    /**
     * The event with its named stage taken off the front of its paths, so that {@code /prod/tasks/ID} reaches the
     * route {@code /tasks/{task_id}}; any other event as it is.
     */
    public static APIGatewayV2HTTPEvent withoutStage(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getHttp() == null || !inPath(context.getStage(), host(event))) {
            return event;
        }
        String prefix = "/" + context.getStage();
        String path = context.getHttp().getPath();
        if (path == null || !(path.equals(prefix) || path.startsWith(prefix + "/"))) {
            return event;
        }
        String stripped = path.length() == prefix.length() ? "/" : path.substring(prefix.length());
        context.getHttp().setPath(stripped);
        if (event.getRawPath() != null && event.getRawPath().startsWith(prefix)) {
            event.setRawPath(event.getRawPath().length() == prefix.length() ? "/" : event.getRawPath().substring(prefix.length()));
        }
        return event;
    }

    /** Whether a stage is the first segment of the caller's path: a named stage, reached on the execute-api host. */
    static boolean inPath(String stage, String host) {
        return stage != null && !stage.isEmpty() && !DEFAULT_STAGE.equals(stage) && host != null
                && AmazonApiGatewayUtils.isAmazonApiGatewayHost("https://" + host);
    }

    private static String host(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : new HashMap<>(event.getHeaders());
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(HttpHeaders.HOST))
                .map(Map.Entry::getValue).findFirst()
                .orElse(event.getRequestContext() == null ? null : event.getRequestContext().getDomainName());
    }
}
