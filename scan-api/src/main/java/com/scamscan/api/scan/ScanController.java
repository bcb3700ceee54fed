package com.scamscan.api.scan;

import com.scamscan.api.problem.ProblemType;
import com.scamscan.protocol.Problem;
import com.scamscan.protocol.ScanAccepted;
import com.scamscan.protocol.StreamTokenRenewed;
import com.scamscan.protocol.StreamUrl;
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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /scan-image} and {@code GET /tasks/{task_id}}: binds the request and delegates, to {@link ScanAllowance}
 * (the rate limit), {@link UploadChecks} and {@link Base64Image} (the inputs), {@link ImageInspector} (the image),
 * {@link ScanSubmissions} (storing and queueing) and {@link TaskAccess} (the task id and its stream token).
 */
@Controller
@Requires(property = ScanController.ENABLED, notEquals = "false")
public class ScanController {

    /** Off: no upload and status routes in this process (a worker-only instance). */
    public static final String ENABLED = "scamscan.api.enabled";

    private final ImageInspector inspector;
    private final ScanSubmissions submissions;
    private final TaskRegistry registry;
    private final ScanSettings settings;
    private final Clock clock;
    private final StreamTokens tokens;
    private final ScanAllowance allowance;
    private final UploadChecks checks;
    private final TaskAccess access;

    public ScanController(ImageInspector inspector, ScanSubmissions submissions, TaskRegistry registry, ScanSettings settings,
                          Clock clock, StreamTokens tokens, ScanAllowance allowance, UploadChecks checks, TaskAccess access) {
        this.inspector = inspector;
        this.submissions = submissions;
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
        this.tokens = tokens;
        this.allowance = allowance;
        this.checks = checks;
        this.access = access;
    }

    /**
     * Accepts a scan. Every request first counts against its client address's limit ({@link ScanAllowance}); the count
     * is taken here rather than in a filter because Micronaut 4's multipart binding breaks behind an asynchronous filter
     * (micronaut-core#9917), and the body is bounded by max-request-size anyway.
     */
    @ApiResponse(responseCode = "202", description = "Accepted: the task id, ws_url and status_url (Location: the status URL)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScanAccepted.class)))
    @ApiResponse(responseCode = "400", description = "missing-part, bad-part", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "image-too-large", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "unsupported-image-type", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "undecodable-image, too-many-pixels", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "rate-limited (Retry-After)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "queue-full (Retry-After), redis-unavailable", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Post(uri = "/scan-image", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<HttpResponse<ScanAccepted>> scan(HttpRequest<?> request,
                                                            @Nullable @Part("image") CompletedFileUpload image,
                                                            @Nullable @Part("text") String text,
                                                            @Nullable @Part("region") String region) {
        String trace = TraceParent.current(); // on the request's thread, before any hop
        return allowance.counted(request, () -> {
            if (image == null) {
                throw ProblemType.MISSING_PART.with("The multipart part 'image' (the screenshot) is required");
            }
            checks.size(image.getSize());
            String message = checks.text(text, "part");
            String phoneRegion = checks.region(region, "part");
            try {
                return accept(image.getBytes(), message, phoneRegion, trace);
            } catch (IOException e) {
                throw ProblemType.BAD_PART.with("The part 'image' could not be read");
            }
        });
    }

    /**
     * Accepts a scan sent as JSON, {@code {"image": "<base64>", "text": "...", "region": "US"}}: the same checks, limits
     * and answers as the multipart form (the one operation of the OpenAPI document: its answers are listed there once).
     * The base64 may be line-wrapped or a {@code data:} URL.
     */
    @Post(uri = "/scan-image", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<HttpResponse<ScanAccepted>> scanJson(HttpRequest<?> request, @Body ScanRequest body) {
        String trace = TraceParent.current(); // on the request's thread, before any hop
        return allowance.counted(request, () -> {
            if (body.image() == null || body.image().isBlank()) {
                throw ProblemType.MISSING_PART.with("The 'image' (the screenshot) is required: a multipart part, or base64 in a JSON field");
            }
            Base64Image encoded = Base64Image.of(body.image());
            checks.size(encoded.estimatedBytes());
            String message = checks.text(body.text(), "field");
            String phoneRegion = checks.region(body.region(), "field");
            byte[] bytes = encoded.decode();
            checks.size(bytes.length);
            return accept(bytes, message, phoneRegion, trace);
        });
    }

    private CompletionStage<HttpResponse<ScanAccepted>> accept(byte[] bytes, String message, String phoneRegion, String trace) {
        ImageInspector.Inspected inspected = inspector.inspect(bytes);

        String taskId = TaskId.random();
        ScanInput input = new ScanInput(bytes, inspected.type(), message, phoneRegion, trace);
        return submissions.submit(taskId, input, clock.instant()).thenApply(outcome -> {
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
                    .body(new ScanAccepted(taskId, settings.wsUrl(taskId, token), statusUrl, settings.sseUrl(taskId, token)));
        });
    }

    /** The task's state; needs the stream token of its scan, as {@code ?token=} or {@code Authorization: Bearer}. */
    @ApiResponse(responseCode = "200", description = "The task record", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TaskRecord.class)))
    @ApiResponse(responseCode = "400", description = "bad-task-id", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "stream-token", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "task-not-found", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "500", description = "task-record-unreadable", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "redis-unavailable", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Get(uri = StreamUrl.STATUS_PATH, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<TaskRecord> task(@PathVariable(StreamUrl.TASK_ID) String taskId, @Nullable @QueryValue(StreamUrl.TOKEN) String token,
                                            @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        access.require(taskId, token, authorization);
        return registry.find(taskId).thenApply(found -> found.orElseThrow(
                () -> ProblemType.TASK_NOT_FOUND.with("No task " + taskId + " (unknown, or expired after 24 h)")));
    }

    /**
     * A fresh stream token for a task, for a client whose token nears its end (a page left open, a shared link):
     * needs a valid token of the task, and the task must still exist. Answers the new token, its expiry and the
     * stream and status URLs that carry it.
     */
    @ApiResponse(responseCode = "200", description = "A fresh token with its expiry and the URLs that carry it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = StreamTokenRenewed.class)))
    @ApiResponse(responseCode = "400", description = "bad-task-id", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "stream-token", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "task-not-found", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "redis-unavailable", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Get(uri = StreamUrl.STREAM_TOKEN_PATH, produces = MediaType.APPLICATION_JSON)
    public CompletionStage<StreamTokenRenewed> renewToken(@PathVariable(StreamUrl.TASK_ID) String taskId,
                                                           @Nullable @QueryValue(StreamUrl.TOKEN) String token,
                                                           @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        access.require(taskId, token, authorization);
        return registry.exists(taskId).thenApply(exists -> {
            if (!exists) {
                throw ProblemType.TASK_NOT_FOUND.with("No task " + taskId + " (unknown, or expired after 24 h)");
            }
            StreamTokens.Issued issued = tokens.issued(taskId);
            return new StreamTokenRenewed(issued.token(), issued.expiresAt(), settings.wsUrl(taskId, issued.token()),
                    StreamUrl.statusUrl(taskId, issued.token()), settings.sseUrl(taskId, issued.token()));
        });
    }
}
