package com.scamscan.api.scan;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.scamscan.security.ClientAddress;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The caller's address for the rate limit: on Lambda, the source address API Gateway saw on the connection (the
 * adapter has no peer address of its own); otherwise the peer, or {@code X-Forwarded-For} (all its lines) from a
 * trusted proxy.
 */
@Singleton
public class CallerAddress {

    private final ClientAddress clientAddress;

    public CallerAddress(ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
    }

    /** The address a request counts against. */
    public String of(HttpRequest<?> request) {
        Object nativeRequest = request instanceof ServletHttpRequest<?, ?> servlet ? servlet.getNativeRequest() : null;
        return lambdaSourceIp(nativeRequest).orElseGet(() -> clientAddress.resolve(ClientAddress.peer(request.getRemoteAddress()),
                request.getHeaders().getAll("X-Forwarded-For")));
    }

    /** The source address of an API Gateway HTTP API event; empty for any other request or when the event has none. */
    static Optional<String> lambdaSourceIp(Object nativeRequest) {
        if (nativeRequest instanceof APIGatewayV2HTTPEvent event && event.getRequestContext() != null
                && event.getRequestContext().getHttp() != null) {
            return Optional.ofNullable(event.getRequestContext().getHttp().getSourceIp());
        }
        return Optional.empty();
    }
}
