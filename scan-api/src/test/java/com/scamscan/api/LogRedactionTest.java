package com.scamscan.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml masks stream tokens wherever they appear in a line: message, arguments, stack trace. */
class LogRedactionTest {

    private static final String TOKEN = "v1.1795820286.q0bSUR3YqVh0xJtW0e0Qm2m1sB2Gm5y3zQ4o7Qf9u2E";

    @Test
    void tokensAreMaskedInMessagesArgumentsAndStackTraces() throws Exception {
        String line = encode("refusing /ws/agent-progress/t1?token={}&last_seq=3 from {}",
                new IllegalArgumentException("Illegal character in query at index 47: /ws/agent-progress/t1?token=" + TOKEN + "|x"),
                TOKEN, "Authorization: Bearer " + TOKEN);
        assertFalse(line.contains(TOKEN), line);
        assertFalse(line.contains(TOKEN.substring(TOKEN.lastIndexOf('.') + 1)), line);
        assertTrue(line.contains("token=[redacted]&last_seq=3"), line); // the rest of the line stays readable
        assertTrue(line.contains("Bearer [redacted]"), line);
        assertTrue(line.contains("IllegalArgumentException: Illegal character in query"), line); // the trace is kept, once
        assertTrue(line.indexOf("IllegalArgumentException") == line.lastIndexOf("IllegalArgumentException"), line);
        // a token shaped value outside any parameter, e.g. in a JSON body
        assertFalse(encode("{\"ws_url\":\"x\",\"t\":\"" + TOKEN + "\"}", null).contains(TOKEN));
    }

    @Test
    void jsonLinesMaskTheSameAndCarryTheRequestIdAndTheScansFields() throws Exception {
        LoggingEvent event = event(java.util.Map.of("request_id", "req-42"), "refusing /ws/agent-progress/t1?token={} from {}",
                new IllegalArgumentException("bad query: /ws/agent-progress/t1?token=" + TOKEN + "|x"),
                TOKEN, "Authorization: Bearer " + TOKEN);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("verdict", "scam"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("score", 87));
        String line = encodeAs("json", event);
        assertFalse(line.contains(TOKEN), line);
        assertFalse(line.contains(TOKEN.substring(TOKEN.lastIndexOf('.') + 1)), line);
        assertTrue(line.startsWith("{") && line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, "one JSON line: " + line);
        assertTrue(line.contains("\"message\":\"refusing /ws/agent-progress/t1?token=[redacted] from Authorization: Bearer [redacted]\""), line);
        assertTrue(line.contains("\"stack_trace\":\"java.lang.IllegalArgumentException: bad query: /ws/agent-progress/t1?token=[redacted]"), line);
        assertTrue(line.contains("\"request_id\":\"req-42\""), line);
        assertTrue(line.contains("\"verdict\":\"scam\"") && line.contains("\"score\":87"), line);
        assertTrue(line.contains("\"level\":\"ERROR\""), line);
    }

    @Test
    void textLinesCarryTheRequestIdWhenThereIsOne() throws Exception {
        LoggingEvent event = event(java.util.Map.of("request_id", "req-42"), "upload refused: {}", null, "queue-full");
        String line = encodeAs("text", event);
        assertTrue(line.contains("com.scamscan.test req=req-42 - upload refused: queue-full"), line);
        assertTrue(encodeAs("text", event(java.util.Map.of(), "no request", null)).contains("com.scamscan.test - no request"));
    }

    private static String encode(String message, Throwable error, Object... arguments) throws Exception {
        return encodeAs("text", event(java.util.Map.of(), message, error, arguments));
    }

    private static LoggingEvent event(java.util.Map<String, String> mdc, String message, Throwable error, Object... arguments) {
        Logger logger = new LoggerContext().getLogger("com.scamscan.test");
        LoggingEvent event = new LoggingEvent(LogRedactionTest.class.getName(), logger, Level.ERROR, message, error, arguments);
        event.setMDCPropertyMap(mdc);
        return event;
    }

    /** The line the shipped logback.xml writes for {@code event} with {@code scamscan.log.format} set to {@code format}. */
    private static String encodeAs(String format, LoggingEvent event) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("scamscan.log.format", format);
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogRedactionTest.class.getResource("/logback.xml"));
            @SuppressWarnings("unchecked")
            OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>)
                    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
            return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }
}
