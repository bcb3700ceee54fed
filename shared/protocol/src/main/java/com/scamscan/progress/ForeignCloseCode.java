package com.scamscan.progress;

import com.scamscan.progress.CloseCode.ClientAction;
import java.util.Optional;

/**
 * Close codes a client sees that the gateway never sends: its own WebSocket library's, when no close frame or no
 * code came (1005, 1006), or a proxy's between it and the gateway (1012, 1014). The clients back off and reconnect
 * on these as on {@link ClientAction#BACKOFF}; any code on neither list ends the stream. {@link CloseCode#actionFor}
 * reads both lists.
 */
public enum ForeignCloseCode {
    /** A close frame without a code. */
    NO_STATUS(1005, "No status code", ClientAction.BACKOFF),
    /** The connection ended without a close frame (the network dropped, or a cut after 4008's grace). */
    ABNORMAL(1006, "Connection lost", ClientAction.BACKOFF),
    /** A proxy restarting. */
    SERVICE_RESTART(1012, "Service restart", ClientAction.BACKOFF),
    /** A proxy that could not reach the gateway. */
    BAD_GATEWAY(1014, "Bad gateway", ClientAction.BACKOFF);

    private final int code;
    private final String reason;
    private final ClientAction clientAction;

    ForeignCloseCode(int code, String reason, ClientAction clientAction) {
        this.code = code;
        this.reason = reason;
        this.clientAction = clientAction;
    }

    public int code() {
        return code;
    }

    /** What the code means, for people. */
    public String reason() {
        return reason;
    }

    public ClientAction clientAction() {
        return clientAction;
    }

    /** The foreign close code with this number, if it is one. */
    public static Optional<ForeignCloseCode> find(int code) {
        for (ForeignCloseCode candidate : values()) {
            if (candidate.code == code) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
