package com.scamscan.gateway;

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

    private static String encode(String message, Throwable error, Object... arguments) throws Exception {
        LoggerContext context = new LoggerContext();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogRedactionTest.class.getResource("/logback.xml"));
            Logger logger = context.getLogger("com.scamscan.test");
            @SuppressWarnings("unchecked")
            OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>)
                    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
            LoggingEvent event = new LoggingEvent(LogRedactionTest.class.getName(), logger, Level.ERROR, message, error, arguments);
            event.setMDCPropertyMap(java.util.Map.of()); // the line shows a request id from the MDC; none here
            return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }
}
