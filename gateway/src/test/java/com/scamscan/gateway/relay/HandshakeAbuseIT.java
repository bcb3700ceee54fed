package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.scamscan.gateway.testing.Gateway;
import com.scamscan.gateway.testing.RawClient;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Handshakes as an abuser sends them: every one counts against its address's limit whatever token it carries,
 * refusals neither fill the log nor cost Redis a script run each once the address is over its limit, and behind
 * a trusted proxy the address is the proxy's word, not the client's, however many header lines there are.
 * Each test on a Redis of its own, so the counters start at zero.
 */
class HandshakeAbuseIT {

    private RedisFixture redis;

    @BeforeEach
    void redis() {
        redis = RedisFixture.startNew();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void badTokenHandshakesCountAgainstTheLimitAreRefusedQuietlyAndStopCostingRedis() {
        List<ILoggingEvent> logged = new ArrayList<>();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try (Gateway gateway = Gateway.start(redis, "scamscan.security.rate-limit.connects-per-window", "5",
                "scamscan.security.rate-limit.window", "60s")) {
            String taskId = gateway.newTask();
            gateway.complete(taskId);
            gateway.inspect.sync().configSet("slowlog-log-slower-than", "0"); // every command goes to the slow log
            gateway.inspect.sync().configSet("slowlog-max-len", "100000");
            gateway.inspect.sync().slowlogReset();
            URI forged = URI.create(gateway.uriWithoutToken(taskId) + "?token=v1.9999999999.forged");
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                codes.add(TestClient.connect(forged).awaitClose());
            }
            assertEquals(List.of(4401, 4401, 4401, 4401, 4401), codes.subList(0, 5), codes.toString());
            assertTrue(codes.subList(5, 40).stream().allMatch(code -> code == 4429), codes.toString());
            // the address used its allowance on forged tokens: a real one waits for the window too
            assertEquals(4429, TestClient.connect(gateway.uri(taskId)).awaitClose());

            List<String> limiterRuns = gateway.inspect.sync().slowlogGet(100_000).stream().map(Object::toString)
                    .filter(entry -> entry.contains("ratelimit:connect:")) // the script runs, not the commands in them
                    .filter(entry -> entry.contains("[EVALSHA, ") || entry.contains("[EVAL, ")).toList();
            assertTrue(limiterRuns.size() <= 6, "Redis was asked " + limiterRuns.size() + " times for 41 handshakes of one"
                    + " address over a limit of 5: after the first refusal the limiter should remember the address: " + limiterRuns);

            synchronized (appender) {
                logged.addAll(appender.list);
            }
        } finally {
            root.detachAppender(appender);
        }
        List<String> loud = logged.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .filter(e -> e.getLoggerName().startsWith("com.scamscan"))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("refus") || m.contains("token")).toList();
        assertEquals(List.of(), loud, "refused handshakes must not write a log line each at INFO or above");
    }

    @Test
    void behindATrustedProxyAllForwardedLinesAreReadAndTheClientsOwnLineDoesNotHelp() throws Exception {
        try (Gateway gateway = Gateway.start(redis, "scamscan.security.rate-limit.connects-per-window", "3",
                "scamscan.security.rate-limit.window", "60s", "scamscan.security.trusted-proxies", "127.0.0.1,::1")) {
            String taskId = gateway.newTask();
            gateway.complete(taskId);
            String path = "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId);
            List<Integer> codes = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                // the client writes a new address each time on its own line; the proxy appends the one it saw
                codes.add(closeCode(gateway, path, "X-Forwarded-For: 203.0.113." + i, "X-Forwarded-For: 198.51.100.7"));
            }
            assertEquals(List.of(1000, 1000, 1000, 4429, 4429, 4429), codes);
            // the same client line through the proxy from another address is that address's allowance
            assertEquals(1000, closeCode(gateway, path, "X-Forwarded-For: 203.0.113.1", "X-Forwarded-For: 198.51.100.8"));
        }
    }

    private static int closeCode(Gateway gateway, String path, String... headerLines) throws Exception {
        try (RawClient client = RawClient.connect(gateway.server.getPort(), path, List.of(headerLines))) {
            return client.awaitCloseCode();
        }
    }
}
