package com.scamscan.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check for images without curl or a shell: {@code java -cp @/app/jib-classpath-file
 * com.scamscan.health.HttpProbe http://127.0.0.1:8081/health/liveness} exits 0 when the URL answers 200 within
 * {@link #TIMEOUT}, 1 otherwise (another status, no answer, a refused connection). Nothing but the JDK, so that the
 * probe's JVM starts in a fraction of a second and leaves the app alone.
 */
public final class HttpProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HttpProbe URL");
            System.exit(2);
        }
        System.exit(check(URI.create(args[0]), TIMEOUT) ? 0 : 1);
    }

    /** Whether {@code url} answers GET with 200 within {@code timeout}. */
    static boolean check(URI url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
