package com.scamscan.gateway.server;

import com.scamscan.gateway.admission.Handshake;

import com.scamscan.gateway.relay.ClientLink;
import com.scamscan.gateway.relay.ProgressRelay;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.protocol.StreamUrl;
import com.scamscan.security.ClientAddress;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketPongMessage;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/** {@code /ws/agent-progress/{task_id}?token=T[&last_seq=N]} ({@link StreamUrl}): binds the WebSocket events and hands them to {@link ProgressRelay}. */
@ServerWebSocket(StreamUrl.PATH)
public class ProgressSocket {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final ProgressRelay relay;
    private final GatewaySettings settings;

    public ProgressSocket(ProgressRelay relay, GatewaySettings settings) {
        this.relay = relay;
        this.settings = settings;
    }

    private ClientLink link(WebSocketSession session) {
        return WebSocketLink.of(session, settings.maxPendingBytes(), settings.slowCloseGrace());
    }

    @OnOpen
    public void open(@PathVariable(StreamUrl.TASK_ID) String taskId, WebSocketSession session, HttpRequest<?> request) {
        String peer = ClientAddress.peer(request.getRemoteAddress());
        relay.connect(link(session), taskId, session.getRequestParameters().get(StreamUrl.LAST_SEQ), new Handshake(
                session.getRequestParameters().get(StreamUrl.TOKEN), request.getHeaders().get(HttpHeaders.ORIGIN), peer,
                ClientAddress.joined(request.getHeaders().getAll(X_FORWARDED_FOR))));
    }

    /** Client data frames are not part of the protocol: ignored when small, 1008 when over the limit. */
    @OnMessage
    public void message(String text, WebSocketSession session) {
        relay.clientFrame(link(session), text.getBytes(StandardCharsets.UTF_8).length);
    }

    @OnMessage
    public void pong(WebSocketPongMessage pong, WebSocketSession session) {
        relay.pong(link(session));
    }

    @OnClose
    public void close(WebSocketSession session, CloseReason reason) {
        relay.closed(link(session), reason);
    }

    @OnError
    public void error(WebSocketSession session, Throwable error) {
        relay.error(link(session), error);
    }
}
