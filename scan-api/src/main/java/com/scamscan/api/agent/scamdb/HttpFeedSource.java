package com.scamscan.api.agent.scamdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A feed downloaded over HTTP(S) with the JDK client: conditional requests ({@code If-None-Match},
 * {@code If-Modified-Since}), one time limit for the whole download and a size cap counted as the body arrives.
 */
final class HttpFeedSource implements FeedSource {

    private final HttpClient http;
    private final URI uri;
    private final FeedFormat format;
    private final Duration timeout;
    private final long maxBytes;

    HttpFeedSource(HttpClient http, URI uri, FeedFormat format, Duration timeout, long maxBytes) {
        this.http = http;
        this.uri = uri;
        this.format = format;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    @Override
    public String location() {
        return uri.toString();
    }

    @Override
    public Fetch fetch(Validators previous) throws FeedException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "text/plain, text/csv;q=0.9, */*;q=0.5")
                .header("User-Agent", "ScamScan-feed-refresher");
        if (!previous.etag().isEmpty()) {
            request.header("If-None-Match", previous.etag());
        }
        if (!previous.lastModified().isEmpty()) {
            request.header("If-Modified-Since", previous.lastModified());
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request.build(), info -> info.statusCode() == 200
                ? new CappedBody(maxBytes) : HttpResponse.BodySubscribers.replacing(new byte[0]));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new FeedException("the download took longer than " + timeout.toSeconds() + " seconds");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
        int status = response.statusCode();
        if (status == 304) {
            return Fetch.unchanged();
        }
        if (status != 200) {
            throw new FeedException("the feed server answered with HTTP status " + status);
        }
        Validators validators = new Validators(response.headers().firstValue("ETag").orElse(""),
                response.headers().firstValue("Last-Modified").orElse(""));
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        return new Fetch(false, List.of(new Document(location(), response.body(), contentType, format)), validators);
    }

    private FeedException failure(Throwable cause) {
        if (cause instanceof TooLarge) {
            return new FeedException("the feed is larger than the limit of " + maxBytes + " bytes");
        }
        if (cause instanceof HttpTimeoutException) {
            return new FeedException("the feed server did not answer within " + timeout.toSeconds() + " seconds");
        }
        if (cause instanceof java.net.ConnectException) {
            return new FeedException("the feed server could not be reached (connection refused or no route)", cause);
        }
        if (cause instanceof IOException) {
            return new FeedException("the download failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        }
        return new FeedException("the download failed: " + cause, cause);
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("feed larger than the limit");
        }
    }

    /** Collects the body, and gives up (cancelling the download) once it passes the cap. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final long maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
