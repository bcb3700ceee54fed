package com.scamscan.progress;

/**
 * Every WebSocket close code the gateway uses, with what the client should do next. The close-code table in
 * docs/protocol.md is this list; the codes a client sees from elsewhere are {@link ForeignCloseCode}, and
 * {@link #actionFor(int)} answers for any code. The JS client's retry and stop lists are checked against both
 * (clients/js-tests).
 */
public enum CloseCode {
    /** {@code completed} or {@code failed} was delivered. */
    TASK_FINISHED(1000, "Task finished", ClientAction.STOP),
    /** The gateway is shutting down, or the client stopped answering pings. */
    GOING_AWAY(1001, "Gateway going away", ClientAction.RECONNECT),
    /** Malformed task id or {@code last_seq}, or a client data frame over the limit. */
    POLICY_VIOLATION(1008, "Policy violation", ClientAction.STOP),
    /** A client frame over the frame decoder's 64 KiB limit (sent by the WebSocket codec itself). */
    MESSAGE_TOO_BIG(1009, "Message too big", ClientAction.STOP),
    /** Redis is unavailable. */
    REDIS_UNAVAILABLE(1011, "Redis unavailable", ClientAction.BACKOFF),
    /** The cluster-wide connection budget is exhausted. */
    BUDGET_EXHAUSTED(1013, "Connection budget exhausted", ClientAction.BACKOFF),
    /** The client read too slowly: its outbound buffer passed the bound. */
    SLOW_CONSUMER(4008, "Client too slow", ClientAction.RECONNECT),
    /** The stream token is missing, malformed, expired or not scan-api's: checked before anything else. */
    UNAUTHORIZED(4401, "Stream token missing, expired or invalid", ClientAction.STOP),
    /** The handshake's {@code Origin} is not on the allow-list (cross-site WebSocket hijacking). */
    ORIGIN_NOT_ALLOWED(4403, "Origin not allowed", ClientAction.STOP),
    /** Too many connections from this address: the error frame says when to retry. */
    RATE_LIMITED(4429, "Too many connections from this address", ClientAction.BACKOFF),
    /** No {@code task:ID} record. */
    UNKNOWN_TASK(4404, "Unknown task", ClientAction.STOP),
    /**
     * The task's stored record cannot be read as a task (its {@code seq} or verdict is not the contract's): a fault
     * of whatever wrote it, not of Redis, so retrying does not help.
     */
    UNREADABLE_TASK(4422, "Task record unreadable", ClientAction.STOP),
    /** No progress for the no-progress timeout: the task is presumed failed. */
    NO_PROGRESS(4408, "No progress: task presumed failed", ClientAction.STOP);

    /** What a client should do after a close. */
    public enum ClientAction {
        /** Do not reconnect. */
        STOP,
        /** Reconnect at once with {@code ?last_seq=} the last {@code seq} received. */
        RECONNECT,
        /** Reconnect with {@code last_seq}, after an exponential backoff. */
        BACKOFF
    }

    private final int code;
    private final String reason;
    private final ClientAction clientAction;

    CloseCode(int code, String reason, ClientAction clientAction) {
        this.code = code;
        this.reason = reason;
        this.clientAction = clientAction;
    }

    public int code() {
        return code;
    }

    /** The close frame's reason text. */
    public String reason() {
        return reason;
    }

    public ClientAction clientAction() {
        return clientAction;
    }

    /** The gateway's close code with this number, if it is one. */
    public static java.util.Optional<CloseCode> find(int code) {
        for (CloseCode candidate : values()) {
            if (candidate.code == code) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * What a client does after a close with this code: the gateway's code's action, a {@link ForeignCloseCode}'s
     * ({@code BACKOFF}), or {@code STOP} for any other code.
     */
    public static ClientAction actionFor(int code) {
        return find(code).map(CloseCode::clientAction)
                .or(() -> ForeignCloseCode.find(code).map(ForeignCloseCode::clientAction))
                .orElse(ClientAction.STOP);
    }
}
