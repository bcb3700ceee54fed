package com.scamscan.api.scan;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.scamscan.api.Application;
import com.scamscan.api.problem.PlainSize;
import com.scamscan.api.problem.ProblemType;
import com.scamscan.protocol.ScanAccepted;
import com.scamscan.protocol.StreamTokenRenewed;
import com.scamscan.protocol.StreamUrl;
import com.scamscan.security.ClientAddress;
import com.scamscan.security.RateLimiter;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.task.TaskRecord;
import com.scamscan.redis.task.TaskRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** {@code POST /scan-image} and {@code GET /tasks/{task_id}}: bind, check, delegate. */
@Controller
@Requires(property = Application.API, notEquals = "false")
public class ScanController {

    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ImageInspector inspector;
    private final ScanSubmissions submissions;
    private final TaskRegistry registry;
    private final ScanSettings settings;
    private final Clock clock;
    private final StreamTokens tokens;
    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final UncountedScans uncounted;

    public ScanController(ImageInspector inspector, ScanSubmissions submissions, TaskRegistry registry,
                          ScanSettings settings, Clock clock, StreamTokens tokens, RateLimiter rateLimiter,
                          ClientAddress clientAddress, UncountedScans uncounted) {
        this.uncounted = uncounted;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.inspector = inspector;
        this.submissions = submissions;
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Accepts a scan. Every request first counts against its client address's limit (429 with {@code Retry-After}
     * over it), and gives the count back when it is refused; the count is taken here rather than in a filter because Micronaut 4's multipart binding breaks
     * behind an asynchronous filter (micronaut-core#9917), and the body is bounded by max-request-size anyway.
     */
    @Post(uri = "/scan-image", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<HttpResponse<ScanAccepted>> scan(HttpRequest<?> request,
                                                            @Nullable @Part("image") CompletedFileUpload image,
                                                            @Nullable @Part("text") String text,
                                                            @Nullable @Part("region") String region) {
        return limited(request, () -> {
            if (image == null) {
                throw ProblemType.MISSING_PART.with("The multipart part 'image' (the screenshot) is required");
            }
            checkSize(image.getSize());
            String message = text(text, "part");
            String phoneRegion = region(region, "part");
            try {
                return accept(image.getBytes(), message, phoneRegion);
            } catch (IOException e) {
                throw ProblemType.BAD_PART.with("The part 'image' could not be read");
            }
        });
    }

    /**
     * Accepts a scan sent as JSON, {@code {"image": "<base64>", "text": "...", "region": "US"}}: the same checks, limits
     * and answers as the multipart form. The base64 may be line-wrapped or a {@code data:} URL.
     */
    @Post(uri = "/scan-image", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<HttpResponse<ScanAccepted>> scanJson(HttpRequest<?> request, @Body ScanRequest body) {
        return limited(request, () -> {
            if (body.image() == null || body.image().isBlank()) {
                throw ProblemType.MISSING_PART.with("The 'image' (the screenshot) is required: a multipart part, or base64 in a JSON field");
            }
            String encoded = body.image();
            int comma = encoded.startsWith("data:") ? encoded.indexOf(',') : -1; // a data: URL as a browser makes it
            if (comma >= 0) {
                encoded = encoded.substring(comma + 1);
            }
            encoded = WHITESPACE.matcher(encoded).replaceAll(""); // line-wrapped base64
            checkSize(encoded.length() / 4L * 3); // before decoding: what the bytes would be, within 2
            String message = text(body.text(), "field");
            String phoneRegion = region(body.region(), "field");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw ProblemType.BAD_PART.with("The field 'image' is not valid base64");
            }
            checkSize(bytes.length);
            return accept(bytes, message, phoneRegion);
        });
    }

    /**
     * Counts the request against its client address's limit, then runs {@code scan} (429 over the limit). A scan
     * refused after it was counted (bad input, storage unavailable, ...) gives its count back, so refused uploads
     * do not use up the person's allowance; the operator's uncounted scans ({@link UncountedScans}) are not counted.
     */
    private CompletionStage<HttpResponse<ScanAccepted>> limited(HttpRequest<?> request,
                                                                Supplier<CompletionStage<HttpResponse<ScanAccepted>>> scan) {
        if (uncounted.presented(request.getHeaders().get(UncountedScans.HEADER))) {
            return scan.get();
        }
        String address = client(request);
        return rateLimiter.acquire(RateLimiter.Kind.SCAN, address)
                .thenCompose(wait -> {
                    if (wait.isPresent()) {
                        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                        throw ProblemType.RATE_LIMITED.with("Too many scans from your address: retry in " + seconds + " s")
                                .retryAfter(seconds);
                    }
                    CompletionStage<HttpResponse<ScanAccepted>> accepted;
                    try {
                        accepted = scan.get();
                    } catch (RuntimeException refused) {
                        accepted = CompletableFuture.failedFuture(refused);
                    }
                    return accepted.handle((response, refused) -> refused == null
                                    ? CompletableFuture.completedFuture(response)
                                    : refundThenFail(address, refused))
                            .thenCompose(stage -> stage);
                });
    }

    /** Gives the refused scan's count back (a failed refund only costs the person one upload), then fails as it did. */
    private CompletionStage<HttpResponse<ScanAccepted>> refundThenFail(String address, Throwable refused) {
        Throwable cause = refused instanceof CompletionException && refused.getCause() != null ? refused.getCause() : refused;
        return rateLimiter.refund(RateLimiter.Kind.SCAN, address)
                .handle((done, ignored) -> null)
                .thenCompose(done -> CompletableFuture.<HttpResponse<ScanAccepted>>failedFuture(cause));
    }

    /**
     * The caller's address for the rate limit: on Lambda, the source address API Gateway saw on the connection (the
     * adapter has no peer address of its own); otherwise the peer, or {@code X-Forwarded-For} (all its lines) from a trusted proxy.
     */
    private String client(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
                && event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getSourceIp() != null) {
            return event.getRequestContext().getHttp().getSourceIp();
        }
        return clientAddress.resolve(ClientAddress.peer(request.getRemoteAddress()), request.getHeaders().getAll("X-Forwarded-For"));
    }

    private void checkSize(long size) {
        if (size > settings.maxImageBytes()) {
            throw ProblemType.IMAGE_TOO_LARGE.with(PlainSize.tooLarge(size, settings.maxImageBytes()));
        }
    }

    private String text(@Nullable String text, String what) {
        String message = text == null ? "" : text;
        if (message.codePointCount(0, message.length()) > settings.maxTextChars()) {
            throw ProblemType.BAD_PART.with("The " + what + " 'text' is longer than " + settings.maxTextChars() + " characters");
        }
        return message;
    }

    /**
     * The phone region the request named, or empty when it named none: the analysis then infers one from the message
     * or falls back to the default, and knows it was not told.
     */
    private String region(@Nullable String region, String what) {
        if (region == null || region.isBlank()) {
            return "";
        }
        String phoneRegion = region.trim().toUpperCase(Locale.ROOT);
        if (!REGIONS.contains(phoneRegion)) {
            throw ProblemType.BAD_PART.with("The " + what + " 'region' must be an ISO 3166 two-letter country code, e.g. US");
        }
        return phoneRegion;
    }

    private CompletionStage<HttpResponse<ScanAccepted>> accept(byte[] bytes, String message, String phoneRegion) {
        ImageInspector.Inspected inspected = inspector.inspect(bytes);

        String taskId = TaskId.random();
        ScanSubmissions.Submission submission = new ScanSubmissions.Submission(taskId, bytes, inspected.type(), message, phoneRegion);
        return submissions.submit(submission, clock.instant()).thenApply(outcome -> {
            if (outcome == ScanSubmissions.Outcome.QUEUE_FULL) {
                throw ProblemType.QUEUE_FULL.with("The scan queue is full (" + settings.maxQueued()
                        + " scans waiting); nothing was stored, please retry later")
                        .retryAfter(settings.queueFullRetryAfter().toSeconds());
            }
            if (outcome != ScanSubmissions.Outcome.QUEUED) {
                throw new IllegalStateException("random task id collided: " + taskId);
            }
            String token = tokens.issue(taskId);
            String statusUrl = StreamUrl.statusUrl(taskId, token);
            return HttpResponse.accepted(URI.create(statusUrl))
                    .body(new ScanAccepted(taskId, settings.wsUrl(taskId, token), statusUrl));
        });
    }

    /** The task's state; needs the stream token of its scan, as {@code ?token=} or {@code Authorization: Bearer}. */
    @Get(uri = StreamUrl.STATUS_PATH, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<TaskRecord> task(@PathVariable(StreamUrl.TASK_ID) String taskId, @Nullable @QueryValue(StreamUrl.TOKEN) String token,
                                            @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!TaskId.isValid(taskId)) {
            throw ProblemType.BAD_TASK_ID.with("A task id is 1-64 characters of [A-Za-z0-9_-]");
        }
        requireToken(taskId, token, authorization);
        return registry.find(taskId).thenApply(found -> found.orElseThrow(
                () -> ProblemType.TASK_NOT_FOUND.with("No task " + taskId + " (unknown, or expired after 24 h)")));
    }

    /**
     * A fresh stream token for a task, for a client whose token nears its end (a page left open, a shared link):
     * needs a valid token of the task, and the task must still exist. Answers the new token, its expiry and the
     * stream and status URLs that carry it.
     */
    @Get(uri = StreamUrl.STREAM_TOKEN_PATH, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<StreamTokenRenewed> renewToken(@PathVariable(StreamUrl.TASK_ID) String taskId,
                                                           @Nullable @QueryValue(StreamUrl.TOKEN) String token,
                                                           @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!TaskId.isValid(taskId)) {
            throw ProblemType.BAD_TASK_ID.with("A task id is 1-64 characters of [A-Za-z0-9_-]");
        }
        requireToken(taskId, token, authorization);
        return registry.exists(taskId).thenApply(exists -> {
            if (!exists) {
                throw ProblemType.TASK_NOT_FOUND.with("No task " + taskId + " (unknown, or expired after 24 h)");
            }
            StreamTokens.Issued issued = tokens.issued(taskId);
            return new StreamTokenRenewed(issued.token(), issued.expiresAt(), settings.wsUrl(taskId, issued.token()),
                    StreamUrl.statusUrl(taskId, issued.token()));
        });
    }

    /** The task's stream token, as {@code ?token=} or {@code Authorization: Bearer}; 401 problem unless valid. */
    private void requireToken(String taskId, @Nullable String token, @Nullable String authorization) {
        String presented = token != null ? token
                : authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
        switch (tokens.verify(taskId, presented)) {
            case VALID -> { }
            case MISSING -> throw ProblemType.STREAM_TOKEN.with("Send the token from status_url (?token=) or as Authorization: Bearer");
            case EXPIRED -> throw ProblemType.STREAM_TOKEN.with("The stream token has expired");
            default -> throw ProblemType.STREAM_TOKEN.with("The stream token is not valid for this task");
        }
    }
}
