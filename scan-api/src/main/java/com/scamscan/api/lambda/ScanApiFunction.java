package com.scamscan.api.lambda;

import com.scamscan.api.Application;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.scamscan.protocol.Problem;
import com.scamscan.api.problem.ProblemException;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;

/**
 * scan-api on AWS Lambda behind an API Gateway HTTP API (payload format 2.0): the same {@code POST /scan-image},
 * {@code GET /tasks/{task_id}}, errors and page as the container, with the agent's workers off (a function stops
 * running when it has answered; the workers run as their own service, {@code SCAMSCAN_MODE=worker}).
 *
 * <p>Multipart uploads arrive base64-encoded and are read here (see {@link #handleRequest}). API Gateway limits a request
 * to 10 MB and Lambda a synchronous invocation to 6 MB, so through this path an image can have about 4.4 MB (base64
 * adds a third), below the container's 10 MiB.
 *
 * <p>Handler: {@code com.scamscan.api.lambda.ScanApiFunction::handleRequest}. Nothing of the agent (OCR engine, QR
 * decoder, scam-feed import) is created on this path, which keeps the cold start to the web layer and one Redis
 * connection.
 */
public class ScanApiFunction extends APIGatewayV2HTTPEventFunction {

    /**
     * Handles one request. A multipart upload is first turned into the JSON form ({@link MultipartEvents}), because the
     * API Gateway adapter does not bind multipart parts; a malformed one is answered here with the 400 problem. Behind a
     * named stage the stage is taken off the path first ({@link StageLinks}).
     */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event != null) {
            event = StageLinks.withoutStage(event); // /prod/tasks/ID on a named stage: route /tasks/ID (see StageLinks)
        }
        if (event != null && event.getHeaders() != null && MultipartEvents.isMultipart(event)) {
            ObjectMapper json = getApplicationContext().getBean(ObjectMapper.class);
            try {
                event = MultipartEvents.asJson(event, json);
            } catch (ProblemException e) {
                return problem(e, json);
            }
        }
        return super.handleRequest(event, context);
    }

    private static APIGatewayV2HTTPResponse problem(ProblemException e, ObjectMapper json) {
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(e.problem().status())
                    .withHeaders(Map.of("Content-Type", Problem.MEDIA_TYPE))
                    .withBody(json.writeValueAsString(e.problem())).withIsBase64Encoded(false).build();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        // the secrets named by *_ARN variables, read from Secrets Manager now rather than kept in the environment
        return super.newApplicationContextBuilder().properties(Map.of(Application.AGENT, "false"))
                .properties(com.scamscan.security.LambdaSecrets.load());
    }
}
