package com.scamscan.api;

import com.scamscan.security.ClientAddress;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

/**
 * Who sees the components' details on {@code /health}, {@code /health/liveness} and {@code /health/readiness}
 * ({@code endpoints.health.details-visible: AUTHENTICATED}): a caller on this host (the peer, or the client a trusted
 * proxy forwarded for, is a loopback address; off with {@code scamscan.health.details-from-loopback: false}) and a
 * caller presenting {@code scamscan.health.details-key} in {@value #HEADER}. Everyone else, the load balancer's and the
 * orchestrator's checks included, gets the status alone ({@code {"status":"UP"}}, 200 or 503 as before). Such a caller
 * is marked as the request's principal, which is what Micronaut's health endpoint asks.
 */
@ServerFilter({"/health", "/health/**"})
public final class HealthDetails {

    public static final String HEADER = "X-ScamScan-Health-Key";
    private static final Principal CALLER = () -> "health-details";

    /**
     * @param detailsFromLoopback whether callers on this host see the details
     * @param detailsKey a secret that lets a remote caller (a monitoring system) see them; none by default
     */
    @ConfigurationProperties("scamscan.health")
    public record Settings(@Bindable(defaultValue = "true") boolean detailsFromLoopback, @Nullable String detailsKey) {
    }

    /**
     * Binds a route's {@link Principal} argument (the health endpoint's) to the request's principal: Micronaut binds it
     * only with micronaut-security, which this app does not need otherwise.
     */
    @jakarta.inject.Singleton
    static final class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {
        @Override
        public Argument<Principal> argumentType() {
            return Argument.of(Principal.class);
        }

        @Override
        public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
            java.util.Optional<Principal> principal = source.getUserPrincipal();
            return () -> principal;
        }
    }

    private final Settings settings;
    private final ClientAddress clientAddress;

    public HealthDetails(Settings settings, ClientAddress clientAddress) {
        this.settings = settings;
        this.clientAddress = clientAddress;
    }

    @RequestFilter
    public void caller(HttpRequest<?> request) {
        if (keyPresented(request.getHeaders().get(HEADER)) || settings.detailsFromLoopback() && fromThisHost(request)) {
            request.setUserPrincipal(CALLER);
        }
    }

    private boolean keyPresented(@Nullable String presented) {
        String key = settings.detailsKey();
        return key != null && !key.isEmpty() && presented != null
                && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private boolean fromThisHost(HttpRequest<?> request) {
        java.net.InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return false;
        }
        String client = clientAddress.resolve(ClientAddress.peer(remote), request.getHeaders().getAll("X-Forwarded-For"));
        if (client == null || !(client.matches("\\d{1,3}(\\.\\d{1,3}){3}") || client.indexOf(':') >= 0)) {
            return false; // not an IPv4 or IPv6 literal: never looked up
        }
        try {
            return InetAddress.getByName(client).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
