package com.scamscan.api.scan;

import com.scamscan.protocol.Problem;
import com.scamscan.protocol.ProblemType;
import com.scamscan.protocol.ScanAccepted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each {@code POST /scan-image}, counted and logged once the answer is known: whatever refused it (the
 * rate limit, a check, Micronaut's own size limit, a full queue, Redis), the answer is a problem whose type names the
 * reason. The counter {@value #UPLOADS} has the tags {@code outcome} ({@code accepted} or {@code refused}) and
 * {@code problem} (the problem type's slug, {@code none} when accepted): a bounded set, never a task id or an address.
 * A refusal is logged at INFO with its type and status, never with the image, the text or the detail the client was
 * sent.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class UploadOutcomes {

    /** The counter's name (Prometheus: {@code scamscan_uploads_total}). */
    public static final String UPLOADS = "scamscan.uploads";
    static final String PATH = "/scan-image";
    private static final Logger LOG = LoggerFactory.getLogger(UploadOutcomes.class);

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    public UploadOutcomes(@Nullable MeterRegistry registry) {
        this.registry = registry == null ? new CompositeMeterRegistry() : registry;
        this.accepted = counter("accepted", "none");
    }

    @ResponseFilter
    public void count(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getMethod() != HttpMethod.POST || !request.getPath().endsWith(PATH)) {
            return;
        }
        Object body = response.getBody().orElse(null);
        if (body instanceof ScanAccepted scan && response.code() < 300) {
            accepted.increment();
            LOG.info("task {}: upload accepted", scan.taskId());
            return;
        }
        String problem = body instanceof Problem p ? slug(p.type()) : slug(ProblemType.httpStatus(response.code()));
        refused.computeIfAbsent(problem, type -> counter("refused", type)).increment();
        LOG.info("upload refused: {} ({})", problem, response.code());
    }

    /** The type's last path segment: {@code /problems/queue-full} is {@code queue-full}. */
    static String slug(String type) {
        return type == null ? "unknown" : type.substring(type.lastIndexOf('/') + 1);
    }

    private Counter counter(String outcome, String problem) {
        return Counter.builder(UPLOADS).description("uploads to POST /scan-image, by outcome and problem type")
                .tag("outcome", outcome).tag("problem", problem).register(registry);
    }
}
