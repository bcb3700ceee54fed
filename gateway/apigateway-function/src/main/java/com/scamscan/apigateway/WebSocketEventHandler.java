package com.scamscan.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.scamscan.gateway.admission.Admission;
import com.scamscan.gateway.admission.Handshake;
import com.scamscan.gateway.admission.RefusalLog;
import com.scamscan.progress.CloseCode;
import com.scamscan.protocol.StreamUrl;
import com.scamscan.redis.task.TaskRegistry;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda function behind an API Gateway WebSocket API's three routes.
 *
 * <p>{@code $connect} ({@code wss://API/STAGE?task_id=ID&token=T[&last_seq=N]}) runs the gateway's admission in
 * the same order: task id and {@code last_seq}, stream token, origin, the per-address connect limit, a slot of the
 * fleet-wide budget (under the relay service's instance id, which then holds it: {@link FunctionBudget}), the task. API Gateway cannot
 * send a close frame before a connection exists, so a refusal is the handshake's HTTP status: 400, 401, 403, 429
 * (with {@code Retry-After}), 503 (budget or Redis), 404. An admitted connection is recorded in Redis and announced
 * to the relay service, which greets it and replays history with {@code PostToConnection}.
 *
 * <p>{@code $disconnect} removes the record and tells the relay service, which frees the slot and the
 * subscription; it is best effort (API Gateway may not call it), so records also expire. {@code $default} takes
 * client messages, which are not part of the protocol, and ignores them.
 *
 * <p>This module holds admission and the connection records only: the relay is not on its classpath.
 */
public class WebSocketEventHandler extends MicronautRequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEventHandler.class);
    /** The handshake's HTTP status for each refusal: API Gateway cannot send a close code before a connection exists. */
    private static final Map<CloseCode, Integer> STATUS = Map.of(
            CloseCode.POLICY_VIOLATION, 400,
            CloseCode.UNAUTHORIZED, 401,
            CloseCode.ORIGIN_NOT_ALLOWED, 403,
            CloseCode.RATE_LIMITED, 429,
            CloseCode.BUDGET_EXHAUSTED, 503,
            CloseCode.REDIS_UNAVAILABLE, 503);
    private static final long TIMEOUT_SECONDS = 10;

    @Inject
    Admission admission;
    @Inject
    TaskRegistry tasks;
    @Inject
    ConnectionRegistry connections;
    @Inject
    Clock clock;
    @Inject
    RefusalLog refusals;

    /** As Lambda creates it: configuration from the environment. */
    public WebSocketEventHandler() {
        super();
    }

    /** With extra configuration (tests). */
    public WebSocketEventHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        // the secrets named by *_ARN variables, read from Secrets Manager now rather than kept in the environment
        return super.newApplicationContextBuilder().properties(com.scamscan.security.LambdaSecrets.load());
    }

    @Override
    public APIGatewayV2WebSocketResponse execute(APIGatewayV2WebSocketEvent event) {
        APIGatewayV2WebSocketEvent.RequestContext context = event.getRequestContext();
        String route = context == null ? null : context.getRouteKey();
        String connectionId = context == null ? null : context.getConnectionId();
        if (route == null || connectionId == null) {
            return answer(400, "Not an API Gateway WebSocket event");
        }
        try {
            return switch (route) {
                case "$connect" -> connect(connectionId, event);
                case "$disconnect" -> disconnect(connectionId);
                default -> answer(200, "Client messages are not part of the protocol: ignored");
            };
        } catch (CompletionException | ExecutionException | TimeoutException e) {
            LOG.warn("{} {}: Redis unavailable: {}", route, connectionId, e.toString());
            return answer(503, "Redis unavailable, try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(503, "Interrupted, try again later");
        }
    }

    private APIGatewayV2WebSocketResponse connect(String connectionId, APIGatewayV2WebSocketEvent event)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        String taskId = query.get(StreamUrl.TASK_ID);
        String peer = event.getRequestContext().getIdentity() == null ? "unknown" : event.getRequestContext().getIdentity().getSourceIp();
        Admission.Outcome outcome = admission.check(taskId, query.get(StreamUrl.LAST_SEQ),
                        new Handshake(query.get(StreamUrl.TOKEN), header(event, "Origin"), peer, null))
                .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (outcome instanceof Admission.Refused refused) {
            refusals.refused(refused.code(), taskId, new Handshake(null, null, peer, null), "websocket");
            APIGatewayV2WebSocketResponse refusal = answer(STATUS.getOrDefault(refused.code(), 503), refused.message());
            if (refused.retryAfterSeconds() > 0) {
                refusal.setHeaders(Map.of("Retry-After", Long.toString(refused.retryAfterSeconds())));
            }
            return refusal;
        }
        // the slot goes back on every way out but the last: an unknown task, or Redis failing before the connection
        // is recorded; once recorded, it is the relay service's (which adopts it when it attaches the connection)
        try (Admission.Admitted admitted = (Admission.Admitted) outcome) {
            // on a single Redis admission read the task record with the slot (an unknown task took none)
            boolean known = admitted.task() != null ? !admitted.task().isEmpty()
                    : tasks.exists(taskId).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!known) {
                return answer(404, "Unknown task: " + taskId);
            }
            connections.admit(new ConnectionRegistry.Connection(connectionId, taskId, admitted.lastSeq()), clock.instant())
                    .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            admitted.keep();
            return answer(200, "Connected");
        }
    }

    private APIGatewayV2WebSocketResponse disconnect(String connectionId)
            throws InterruptedException, ExecutionException, TimeoutException {
        connections.remove(connectionId).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return answer(200, "Disconnected");
    }

    private static String header(APIGatewayV2WebSocketEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        return event.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static APIGatewayV2WebSocketResponse answer(int status, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        response.setBody(body);
        return response;
    }
}
