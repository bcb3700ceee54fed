package com.scamscan.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.scamscan.progress.CloseCode;
import com.scamscan.security.ClientAddress;
import com.scamscan.testing.time.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The refusal log's bounds, on a clock the test moves and the lines a list appender catches: no waiting. */
class RefusalLogTest {

    private static final String TOKEN = "v1.9999999999.forged-signature";

    private final MutableClock clock = new MutableClock();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private RefusalLog log(int maxAddresses, String... trustedProxies) {
        return new RefusalLog(new RefusalLog.Settings(Duration.ofSeconds(60), maxAddresses),
                new ClientAddress(new ClientAddress.Settings(List.of(trustedProxies))), clock);
    }

    private static Handshake from(String peer) {
        return new Handshake(TOKEN, "https://evil.example", peer, null);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void oneLinePerAddressAndCodePerWindowAndTheNextSaysHowManyWereHeldBack() {
        RefusalLog log = log(100);
        for (int i = 0; i < 513; i++) {
            log.refused(CloseCode.UNAUTHORIZED, "task-1", from("203.0.113.7"), "websocket");
        }
        log.refused(CloseCode.RATE_LIMITED, "task-1", from("203.0.113.7"), "websocket"); // another code: its own line
        log.refused(CloseCode.UNAUTHORIZED, "task-1", from("203.0.113.8"), "sse"); // another address: its own line
        assertEquals(List.of(
                "handshake refused: 4401 UNAUTHORIZED from 203.0.113.7, task task-1, websocket",
                "handshake refused: 4429 RATE_LIMITED from 203.0.113.7, task task-1, websocket",
                "handshake refused: 4401 UNAUTHORIZED from 203.0.113.8, task task-1, sse"), lines());

        clock.advance(Duration.ofSeconds(59));
        log.refused(CloseCode.UNAUTHORIZED, "task-1", from("203.0.113.7"), "websocket");
        assertEquals(3, lines().size(), "still within the window");
        clock.advance(Duration.ofSeconds(1));
        log.refused(CloseCode.UNAUTHORIZED, "task-2", from("203.0.113.7"), "websocket");
        assertEquals("handshake refused: 4401 UNAUTHORIZED from 203.0.113.7, task task-2, websocket (and 513 more 4401"
                + " from this address since its last line, at most one per 60 s)", lines().get(3));
        clock.advance(Duration.ofSeconds(60));
        log.refused(CloseCode.UNAUTHORIZED, "task-2", from("203.0.113.7"), "websocket");
        assertEquals("handshake refused: 4401 UNAUTHORIZED from 203.0.113.7, task task-2, websocket", lines().get(4),
                "nothing held back in the last window");
        assertTrue(appender.list.stream().allMatch(e -> e.getLevel() == Level.INFO));
    }

    @Test
    void neverTheTokenTheOriginOrAMalformedTaskIdAndTheFieldsForJsonLines() {
        RefusalLog log = log(100);
        log.refused(CloseCode.POLICY_VIOLATION, "../../etc/passwd\n" + TOKEN, from("203.0.113.7"), "websocket");
        log.refused(CloseCode.ORIGIN_NOT_ALLOWED, "task-1", from("203.0.113.7"), "sse");
        assertEquals("handshake refused: 1008 POLICY_VIOLATION from 203.0.113.7, malformed task id, websocket", lines().get(0));
        for (ILoggingEvent event : appender.list) {
            String all = event.getFormattedMessage() + event.getKeyValuePairs();
            assertFalse(all.contains("v1.") || all.contains("forged") || all.contains("evil") || all.contains("passwd"), all);
        }
        List<String> fields = appender.list.get(1).getKeyValuePairs().stream().map(KeyValuePair::toString).toList();
        assertEquals(List.of("close_code=\"4403\"", "reason=\"ORIGIN_NOT_ALLOWED\"", "client_address=\"203.0.113.7\"",
                "task_id=\"task-1\"", "transport=\"sse\"", "suppressed=\"0\""), fields);
    }

    @Test
    void theAddressIsTheOneTheRateLimitResolvesBehindATrustedProxy() {
        RefusalLog log = log(100, "10.0.0.0/8");
        log.refused(CloseCode.UNAUTHORIZED, "task-1", new Handshake(TOKEN, null, "10.1.2.3", "198.51.100.1, 198.51.100.9"), "websocket");
        log.refused(CloseCode.UNAUTHORIZED, "task-1", new Handshake(TOKEN, null, "192.0.2.5", "198.51.100.9"), "websocket");
        assertEquals(List.of("handshake refused: 4401 UNAUTHORIZED from 198.51.100.9, task task-1, websocket",
                "handshake refused: 4401 UNAUTHORIZED from 192.0.2.5, task task-1, websocket"), lines(),
                "a proxy's word is taken, an untrusted peer's header is not");
    }

    @Test
    void aFloodFromManyAddressesKeepsMemoryAndLinesBounded() {
        RefusalLog log = log(50);
        for (int i = 0; i < 10_000; i++) {
            log.refused(CloseCode.UNAUTHORIZED, "task-1", from("2001:db8::" + Integer.toHexString(i)), "websocket");
        }
        assertEquals(50, log.remembered());
        assertEquals(51, lines().size(), "one line per remembered address and one for the rest: " + lines().subList(48, 51));
        assertTrue(lines().get(50).startsWith("handshake refused: 4401 UNAUTHORIZED from 2001:db8::32, an address"
                + " beyond the 50 the refusal log keeps apart (scamscan.gateway.refusal-log.max-addresses), all within their"
                + " 60 s window; 0 more such refusals since the last such line"), lines().get(50));

        clock.advance(Duration.ofSeconds(60)); // the windows are over: the oldest make room for new addresses
        for (int i = 10_000; i < 10_100; i++) {
            log.refused(CloseCode.UNAUTHORIZED, "task-1", from("2001:db8::" + Integer.toHexString(i)), "websocket");
        }
        assertEquals(50, log.remembered());
        assertEquals(51 + 50 + 1, lines().size());
        assertTrue(lines().get(lines().size() - 1).contains("; 9949 more such refusals since the last such line"),
                lines().get(lines().size() - 1));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new RefusalLog.Settings(Duration.ZERO, 10));
        assertThrows(IllegalArgumentException.class, () -> new RefusalLog.Settings(Duration.ofSeconds(1), 0));
    }
}
