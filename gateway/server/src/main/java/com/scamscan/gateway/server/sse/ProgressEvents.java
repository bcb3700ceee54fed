package com.scamscan.gateway.server.sse;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.gateway.admission.Handshake;
import com.scamscan.gateway.relay.ProgressRelay;
import com.scamscan.protocol.StreamUrl;
import com.scamscan.security.ClientAddress;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;

/**
 * {@code GET /sse/agent-progress/{task_id}?token=T[&last_seq=N]} ({@code Accept: text/event-stream}): the same
 * stream as the WebSocket, for clients behind proxies that do not pass WebSockets. The relay admits, replays and
 * follows it exactly as a WebSocket client ({@link SseLink} says how frames become events); a {@code Last-Event-ID}
 * header (what {@code EventSource} sends when it reconnects) takes the place of {@code last_seq}. The answer is
 * always 200: a refusal is an error frame and a {@code close} event, as on the WebSocket.
 */
@Controller
public class ProgressEvents {

    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final ProgressRelay relay;
    private final GatewaySettings settings;

    public ProgressEvents(ProgressRelay relay, GatewaySettings settings) {
        this.relay = relay;
        this.settings = settings;
    }

    /** The body is the stream itself (an {@code HttpResponse} around it would be collected whole before it is sent). */
    @Get(uri = StreamUrl.SSE_PATH, produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(@PathVariable(StreamUrl.TASK_ID) String taskId, HttpRequest<?> request) {
        SseLink link = new SseLink(settings.maxPendingBytes(), settings.slowCloseGrace(), relay::pong,
                left -> relay.closed(left, "client left"));
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        relay.connect(link, taskId, lastSeq(request), new Handshake(request.getParameters().get(StreamUrl.TOKEN), origin,
                ClientAddress.peer(request.getRemoteAddress()),
                ClientAddress.joined(request.getHeaders().getAll(X_FORWARDED_FOR))));
        return link;
    }

    /** {@code Last-Event-ID} when the client sent one (an {@code EventSource} reconnecting), else {@code last_seq}. */
    @Nullable
    private static String lastSeq(HttpRequest<?> request) {
        String lastEventId = request.getHeaders().get(LAST_EVENT_ID);
        return lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : request.getParameters().get(StreamUrl.LAST_SEQ);
    }
}
