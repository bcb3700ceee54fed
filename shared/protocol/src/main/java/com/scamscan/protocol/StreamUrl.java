package com.scamscan.protocol;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that knows the addresses of a task: the gateway's WebSocket path and query names, the two URL styles
 * scan-api hands out ({@link Style#PATH} for the container gateway, {@link Style#QUERY} for an AWS API Gateway
 * WebSocket stage), and scan-api's status and stream-token paths. The task id and token are percent-encoded where
 * they go (a valid task id and a stream token are made of characters that need none, so the URLs read as the
 * protocol page shows them).
 *
 * @param gatewayUrl the gateway's public base URL, {@code ws://} or {@code wss://} (a trailing slash is dropped)
 * @param style where the task id goes
 */
public record StreamUrl(String gatewayUrl, Style style) {

    /** The gateway's WebSocket route, with its path variable (the annotation value of the server's endpoint). */
    public static final String PATH = "/ws/agent-progress/{task_id}";
    /** The gateway's Server-Sent Events route for the same stream, for clients whose proxies do not pass WebSockets. */
    public static final String SSE_PATH = "/sse/agent-progress/{task_id}";
    /** The SSE route up to the task id. */
    public static final String SSE_PREFIX = "/sse/agent-progress/";
    /** The task id: the route's path variable and, behind API Gateway, the query parameter. */
    public static final String TASK_ID = "task_id";
    /** The stream token's query parameter (on the WebSocket and on scan-api's task URLs). */
    public static final String TOKEN = "token";
    /** The query parameter of the last {@code seq} a reconnecting client has: the gateway replays what follows. */
    public static final String LAST_SEQ = "last_seq";
    /** scan-api's route for a task's state. */
    public static final String STATUS_PATH = "/tasks/{task_id}";
    /** scan-api's route for a fresh stream token. */
    public static final String STREAM_TOKEN_PATH = "/tasks/{task_id}/stream-token";

    private static final String PATH_PREFIX = PATH.substring(0, PATH.indexOf('{'));
    private static final String STATUS_PREFIX = STATUS_PATH.substring(0, STATUS_PATH.indexOf('{'));

    /** Where the task id goes in a {@code ws_url}: scan-api's {@code scamscan.scan.gateway-style}. */
    public enum Style {
        /** {@code BASE/ws/agent-progress/ID?token=T}: the container gateway. */
        PATH,
        /** {@code BASE?task_id=ID&token=T}: an AWS API Gateway WebSocket stage, which has no path parameters. */
        QUERY;

        /** {@code path} or {@code query} (any case), as the setting is written. */
        public static Style of(String name) {
            for (Style style : values()) {
                if (style.name().equalsIgnoreCase(name)) {
                    return style;
                }
            }
            throw new IllegalArgumentException("a gateway style is path or query, was " + name);
        }

        /** The setting's value, {@code path} or {@code query}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StreamUrl {
        if (gatewayUrl == null || !gatewayUrl.startsWith("ws://") && !gatewayUrl.startsWith("wss://")) {
            throw new IllegalArgumentException("a gateway URL starts with ws:// or wss://, was " + gatewayUrl);
        }
        if (style == null) {
            throw new IllegalArgumentException("a gateway style is path or query, was null");
        }
        gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    /** The {@code ws_url} of a task, carrying its stream token. */
    public String forTask(String taskId, String token) {
        return style == Style.QUERY
                ? gatewayUrl + "?" + TASK_ID + "=" + encode(taskId) + "&" + TOKEN + "=" + encode(token)
                : gatewayUrl + path(taskId) + "?" + TOKEN + "=" + encode(token);
    }

    /**
     * The {@code sse_url} of a task, carrying its stream token: the gateway's base URL with {@code http(s)://} for
     * {@code ws(s)://} and the SSE route; null for {@link Style#QUERY} (an API Gateway WebSocket stage has no SSE).
     */
    public String sseForTask(String taskId, String token) {
        if (style == Style.QUERY) {
            return null;
        }
        return "http" + gatewayUrl.substring(2) + SSE_PREFIX + encode(taskId) + "?" + TOKEN + "=" + encode(token);
    }

    /** The gateway's path for a task, {@code /ws/agent-progress/ID} (no query). */
    public static String path(String taskId) {
        return PATH_PREFIX + encode(taskId);
    }

    /** scan-api's {@code status_url} of a task, relative to scan-api: {@code /tasks/ID?token=T}. */
    public static String statusUrl(String taskId, String token) {
        return statusPath(taskId) + "?" + TOKEN + "=" + encode(token);
    }

    /** scan-api's path of a task's state without a token, {@code /tasks/ID} (answers 401 unless the token goes as a header). */
    public static String statusPath(String taskId) {
        return STATUS_PREFIX + encode(taskId);
    }

    /** scan-api's address for a fresh stream token, relative to scan-api: {@code /tasks/ID/stream-token?token=T}. */
    public static String streamTokenUrl(String taskId, String token) {
        return statusPath(taskId) + STREAM_TOKEN_PATH.substring(STATUS_PATH.length())
                + "?" + TOKEN + "=" + encode(token);
    }

    /**
     * A {@code ws_url} to reconnect with: {@code last_seq} set to {@code lastSeq} (added, or replacing one already
     * there), or removed when {@code lastSeq} is 0 or less (nothing received yet). The rest of the URL is kept as is.
     */
    public static URI withLastSeq(URI wsUrl, long lastSeq) {
        List<String> parameters = new ArrayList<>();
        if (wsUrl.getRawQuery() != null) {
            for (String parameter : wsUrl.getRawQuery().split("&", -1)) {
                if (!parameter.isEmpty() && !parameter.equals(LAST_SEQ) && !parameter.startsWith(LAST_SEQ + "=")) {
                    parameters.add(parameter);
                }
            }
        }
        if (lastSeq > 0) {
            parameters.add(LAST_SEQ + "=" + lastSeq);
        }
        String text = wsUrl.toString();
        int cut = text.indexOf('?');
        int fragment = text.indexOf('#');
        String base = cut >= 0 ? text.substring(0, cut) : fragment >= 0 ? text.substring(0, fragment) : text;
        String tail = fragment >= 0 ? text.substring(fragment) : "";
        return URI.create(base + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters)) + tail);
    }

    /** Percent-encodes a path segment or query value (RFC 3986: all but the unreserved characters). */
    static String encode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a task id or token is required");
        }
        // URLEncoder writes form encoding: a space as '+' and '*' as is; a URL wants %20 and %2A, and '~' as is
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
