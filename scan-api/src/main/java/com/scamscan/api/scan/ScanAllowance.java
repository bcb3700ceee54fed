package com.scamscan.api.scan;

import com.scamscan.api.problem.ProblemType;
import com.scamscan.security.RateLimiter;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Each client address's allowance of scans: a request is counted before it runs (429 with {@code Retry-After} over the
 * limit), and a scan refused after it was counted (bad input, storage unavailable, ...) gives its count back, so refused
 * uploads do not use up the person's allowance; the operator's uncounted scans ({@link UncountedScans}) are not counted.
 */
@Singleton
public class ScanAllowance {

    private final RateLimiter rateLimiter;
    private final CallerAddress callers;
    private final UncountedScans uncounted;

    public ScanAllowance(RateLimiter rateLimiter, CallerAddress callers, UncountedScans uncounted) {
        this.rateLimiter = rateLimiter;
        this.callers = callers;
        this.uncounted = uncounted;
    }

    /** Counts the request against its caller's allowance, then runs {@code scan}; gives the count back when it fails. */
    public <T> CompletionStage<T> counted(HttpRequest<?> request, Supplier<CompletionStage<T>> scan) {
        if (uncounted.presented(request.getHeaders().get(UncountedScans.HEADER))) {
            return scan.get();
        }
        String address = callers.of(request);
        return rateLimiter.acquire(RateLimiter.Kind.SCAN, address)
                .thenCompose(wait -> {
                    if (wait.isPresent()) {
                        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                        throw ProblemType.RATE_LIMITED.with("Too many scans from your address: retry in " + seconds + " s")
                                .retryAfter(seconds);
                    }
                    CompletionStage<T> accepted;
                    try {
                        accepted = scan.get();
                    } catch (RuntimeException refused) {
                        accepted = CompletableFuture.failedFuture(refused);
                    }
                    return accepted.handle((response, refused) -> refused == null
                                    ? CompletableFuture.completedFuture(response)
                                    : this.<T>refundThenFail(address, refused))
                            .thenCompose(stage -> stage);
                });
    }

    /** Gives the refused scan's count back (a failed refund only costs the person one upload), then fails as it did. */
    private <T> CompletionStage<T> refundThenFail(String address, Throwable refused) {
        Throwable cause = refused instanceof CompletionException && refused.getCause() != null ? refused.getCause() : refused;
        return rateLimiter.refund(RateLimiter.Kind.SCAN, address)
                .handle((done, ignored) -> null)
                .thenCompose(done -> CompletableFuture.<T>failedFuture(cause));
    }
}
