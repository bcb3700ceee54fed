package com.scamscan.gateway.admission;

import com.scamscan.progress.CloseCode;
import com.scamscan.security.ClientAddress;
import com.scamscan.task.TaskId;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per refused handshake, bounded: a client decides how many handshakes it sends (issue 17 saw
 * thousands of bad ones a second), so each client address and close code gets at most one line per {@code window};
 * the next line after a window that held back lines says how many
 * ({@code ... (and 512 more 4401 from this address since its last line)}). The line names the close code and its
 * name, the client's address as the rate limit resolves it ({@link ClientAddress}: the peer, or the address a trusted
 * proxy forwarded for), the task id when it is well-formed, and the transport; never the token, the origin or
 * anything else the client sent. In JSON logs the same as fields ({@code close_code}, {@code reason},
 * {@code client_address}, {@code task_id}, {@code transport}, {@code suppressed}).
 *
 * <p>Memory is bounded too: at most {@code max-addresses} address/code pairs are remembered, least recently refused
 * first to go, and only once their window is over; while all of them are within their window (a flood from more
 * addresses than that), a refusal from one more address is not logged but counted, and one line per window says how
 * many were. So a flood writes at most {@code max-addresses + 1} lines per window, whatever its shape.
 */
@Singleton
public class RefusalLog {

    /**
     * @param window how long after a line the same address and close code write no other line (their refusals are
     *               counted and the count is in the next line)
     * @param maxAddresses how many address/close code pairs are remembered
     */
    @ConfigurationProperties(Settings.PREFIX)
    public record Settings(@Bindable(defaultValue = "60s") Duration window,
                           @Bindable(defaultValue = "10000") int maxAddresses) {

        public static final String PREFIX = "scamscan.gateway.refusal-log";

        public Settings {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException(PREFIX + ".window must be positive, was " + window);
            }
            if (maxAddresses < 1) {
                throw new IllegalArgumentException(PREFIX + ".max-addresses must be at least 1, was " + maxAddresses);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    private record Key(String address, CloseCode code) {
    }

    /** One address and code's window: when its last line was written, and the refusals held back since. */
    private static final class Window {
        Instant start;
        long suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Settings settings;
    private final ClientAddress clientAddress;
    private final Clock clock;
    // guarded by this; access order: the least recently refused first
    private final LinkedHashMap<Key, Window> windows = new LinkedHashMap<>(16, 0.75f, true);
    private Instant overflowStart; // guarded by this: the last line about addresses beyond max-addresses
    private long overflowSuppressed; // guarded by this

    @Inject
    public RefusalLog(Settings settings, ClientAddress clientAddress, Clock clock) {
        this.settings = settings;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    /**
     * A handshake was refused with {@code code}: logged unless this address and code had a line within the window.
     *
     * @param taskId the task id as the client sent it (logged only when well-formed)
     * @param transport {@code websocket} or {@code sse}
     */
    public void refused(CloseCode code, @Nullable String taskId, Handshake handshake, String transport) {
        String address = Objects.requireNonNullElse(clientAddress.resolve(handshake.peer(), handshake.forwardedFor()), "unknown");
        Instant now = clock.instant();
        long suppressed;
        long overflow = -1;
        synchronized (this) {
            Key key = new Key(address, code);
            Window window = windows.get(key);
            if (window != null) {
                if (now.isBefore(window.start.plus(settings.window()))) {
                    window.suppressed++;
                    return;
                }
                suppressed = window.suppressed;
                window.start = now;
                window.suppressed = 0;
            } else if (windows.size() >= settings.maxAddresses() && !evictOne(now)) {
                if (overflowStart != null && now.isBefore(overflowStart.plus(settings.window()))) {
                    overflowSuppressed++;
                    return;
                }
                overflow = overflowSuppressed;
                overflowStart = now;
                overflowSuppressed = 0;
                suppressed = 0;
            } else {
                windows.put(key, new Window(now));
                suppressed = 0;
            }
        }
        if (overflow >= 0) {
            LOG.atInfo().setMessage("handshake refused: {} {} from {}, an address beyond the {} the refusal log keeps "
                            + "apart ({}.max-addresses), all within their {} s window; {} more such refusals since the last such line")
                    .addArgument(code.code()).addArgument(code.name()).addArgument(address)
                    .addArgument(settings.maxAddresses()).addArgument(Settings.PREFIX)
                    .addArgument(settings.window().toSeconds()).addArgument(overflow)
                    .addKeyValue("close_code", code.code()).addKeyValue("reason", code.name())
                    .addKeyValue("client_address", address).addKeyValue("transport", transport)
                    .addKeyValue("suppressed", overflow).log();
            return;
        }
        String task = taskId != null && TaskId.isValid(taskId) ? taskId : null;
        LOG.atInfo().setMessage("handshake refused: {} {} from {}, {}, {}{}")
                .addArgument(code.code()).addArgument(code.name()).addArgument(address)
                .addArgument(task == null ? "malformed task id" : "task " + task).addArgument(transport)
                .addArgument(suppressed == 0 ? "" : " (and " + suppressed + " more " + code.code()
                        + " from this address since its last line, at most one per " + settings.window().toSeconds() + " s)")
                .addKeyValue("close_code", code.code()).addKeyValue("reason", code.name())
                .addKeyValue("client_address", address).addKeyValue("task_id", task).addKeyValue("transport", transport)
                .addKeyValue("suppressed", suppressed).log();
    }

    /** Forgets the least recently refused pair if its window is over; false when it is not (nor, then, likely any). */
    private boolean evictOne(Instant now) {
        Iterator<Map.Entry<Key, Window>> eldest = windows.entrySet().iterator();
        if (eldest.hasNext() && !now.isBefore(eldest.next().getValue().start.plus(settings.window()))) {
            eldest.remove();
            return true;
        }
        return false;
    }

    /** How many address/code pairs are remembered (tests). */
    synchronized int remembered() {
        return windows.size();
    }
}
