package com.scamscan.api.problem;

import com.scamscan.protocol.Problem;
import io.lettuce.core.RedisException;
import com.scamscan.redis.task.UnreadableTaskRecordException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every error into {@code application/problem+json}: ours, Redis being down, and Micronaut's own. */
public final class ProblemHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);

    private ProblemHandlers() {
    }

    /** The response for a problem raised as an exception, e.g. from a filter that answers before any route. */
    public static MutableHttpResponse<Problem> respond(ProblemException exception) {
        MutableHttpResponse<Problem> response = respond(exception.problem());
        if (exception.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(exception.retryAfterSeconds()));
        }
        return response;
    }

    static MutableHttpResponse<Problem> respond(Problem problem) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(problem);
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class OurProblems implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
            return respond(exception);
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class RedisDown implements ExceptionHandler<RedisException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, RedisException exception) {
            LOG.warn("{} {}: Redis unavailable: {}", request.getMethod(), request.getPath(), exception.toString());
            return respond(ProblemType.REDIS_UNAVAILABLE.with("Redis did not answer; nothing was stored").problem());
        }
    }

    /** A task record another system wrote in a form that cannot be read: its own problem, not "Redis unavailable". */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class UnreadableRecord implements ExceptionHandler<UnreadableTaskRecordException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, UnreadableTaskRecordException exception) {
            LOG.warn("{} {}: {}", request.getMethod(), request.getPath(), exception.getMessage());
            return respond(ProblemType.TASK_RECORD_UNREADABLE.with("The stored record of task " + exception.taskId()
                    + " has an unreadable " + exception.field() + "; it was not written by ScamScan").problem());
        }
    }

    /**
     * Micronaut's own errors (unknown route, wrong content type, ...) as problems too. A body over
     * {@code max-request-size} or a part over {@code multipart.max-file-size} is refused by Micronaut before any
     * route runs: it gets the same {@code image-too-large} problem in plain units as an image over
     * {@code max-image-bytes}, sized from the request's {@code Content-Length} (base64 in JSON counted as the bytes it
     * carries).
     */
    @Singleton
    @Replaces(ErrorResponseProcessor.class)
    static final class FrameworkErrors implements ErrorResponseProcessor<Problem> {

        private final UploadLimit scan;

        FrameworkErrors(UploadLimit scan) {
            this.scan = scan;
        }

        @Override
        public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
            HttpStatus status = response.getStatus();
            if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
                return response.contentType(Problem.MEDIA_TYPE)
                        .body(ProblemType.IMAGE_TOO_LARGE.with(tooLarge(context.getRequest())).problem());
            }
            String detail = context.getErrors().isEmpty() ? null : context.getErrors().get(0).getMessage();
            if (status.getCode() >= 500) {
                // a server fault: its message may describe internals, so it goes to the log, not to the client
                LOG.error("{} {} failed", context.getRequest().getMethod(), context.getRequest().getPath(),
                        context.getRootCause().orElse(null));
                detail = null;
            }
            Problem problem = new Problem(com.scamscan.protocol.ProblemType.httpStatus(status.getCode()), status.getReason(), status.getCode(), detail);
            return response.contentType(Problem.MEDIA_TYPE).body(problem);
        }

        private String tooLarge(HttpRequest<?> request) {
            long length = request.getContentLength();
            boolean json = request.getContentType().map(type -> type.getSubtype().endsWith("json")).orElse(false);
            long image = length <= 0 ? 0 : json ? length / 4 * 3 : length;
            return PlainSize.tooLargeUpload(image, scan.maxImageBytes());
        }
    }
}
