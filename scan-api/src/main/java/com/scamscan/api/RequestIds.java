package com.scamscan.api;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request id on every line a request logs: taken from the request's {@value #HEADER} when it is a plain token (a
 * load balancer's or a client's, up to 64 letters, digits, dots, dashes and underscores), otherwise a random one; put
 * in the logging MDC as {@value #MDC_KEY} for the whole request, across the threads it hops to (Micronaut's propagated
 * context), and answered in the response's {@value #HEADER}, so that a person reporting a problem can quote it. The
 * first filter to run, so that the others' lines carry it too.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestIds implements Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @RequestFilter
    public void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        String id = of(request.getHeaders().get(HEADER));
        request.setAttribute(MDC_KEY, id);
        context.add(new MdcPropagationContext(Map.of(MDC_KEY, id)));
    }

    @ResponseFilter
    public void answer(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(MDC_KEY, String.class).ifPresent(id -> response.getHeaders().set(HEADER, id));
    }

    /** The caller's id when it is a plain token, else a fresh random one (16 hex digits). */
    static String of(String given) {
        if (given != null && ACCEPTED.matcher(given).matches()) {
            return given;
        }
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
