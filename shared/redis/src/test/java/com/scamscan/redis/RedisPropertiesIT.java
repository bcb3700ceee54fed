package com.scamscan.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.scamscan.testing.redis.RedisClusterFixture;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The connections are micronaut-redis-lettuce's, configured by {@code redis.*}; the old {@code scamscan.redis.*} names
 * still work for one release, each with a warning that names its new property.
 */
class RedisPropertiesIT {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DeprecatedRedisProperties.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(log);
    }

    private List<String> warnings() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theLibrarysPropertiesNeedNoWarning() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", RedisFixture.shared().uri(),
                "redis.command-timeout", "3s"))) {
            assertEquals("PONG", context.getBean(RedisConnections.Connection.class).sync().ping());
            assertFalse(context.getBean(RedisConnections.class).cluster());
            assertTrue(context.containsBean(RedisClient.class), "the library's client");
            assertEquals(Duration.ofSeconds(3), context.getBean(RedisConnectionSettings.class).commandTimeout());
            assertEquals("scamscan", context.getBean(RedisClient.class).connect().sync().clientGetname());
        }
        assertEquals(List.of(), warnings());
    }

    @Test
    void theOldNamesStillWorkAndSayWhatReplacesThem() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("scamscan.redis.uri", RedisFixture.shared().uri(),
                "scamscan.redis.command-timeout", "3s"))) {
            assertEquals("PONG", context.getBean(RedisConnections.Connection.class).sync().ping());
            assertEquals(Duration.ofSeconds(3), context.getBean(RedisConnectionSettings.class).commandTimeout());
        }
        assertTrue(warnings().contains("scamscan.redis.uri is deprecated and will be removed in the next release: use redis.uri"),
                warnings().toString());
        assertTrue(warnings().contains(
                "scamscan.redis.command-timeout is deprecated and will be removed in the next release: use redis.command-timeout"),
                warnings().toString());
    }

    @Test
    void aNewNameWinsOverItsOldOne() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", RedisFixture.shared().uri(),
                "scamscan.redis.uri", "redis://localhost:1"))) {
            assertEquals("PONG", context.getBean(RedisConnections.Connection.class).sync().ping());
        }
        assertEquals(1, warnings().size(), warnings().toString());
    }

    @Test
    void theOldSeedsStillSwitchToTheLibrarysClusterClient() {
        String seeds = String.join(",", RedisClusterFixture.shared().uris());
        try (ApplicationContext context = ApplicationContext.run(Map.of("scamscan.redis.uris", seeds))) {
            assertTrue(context.getBean(RedisConnections.class).cluster());
            assertTrue(context.containsBean(RedisClusterClient.class), "the library's cluster client");
            assertEquals("PONG", context.getBean(RedisConnections.Connection.class).sync().ping());
        }
        assertTrue(warnings().contains("scamscan.redis.uris is deprecated and will be removed in the next release: use redis.uris"),
                warnings().toString());
    }

    @Test
    void theSeedsOfTheLibrarysPropertyMakeAClusterClient() {
        String seeds = String.join(",", RedisClusterFixture.shared().uris());
        try (ApplicationContext context = ApplicationContext.run(Map.of("redis.uris", seeds))) {
            assertTrue(context.getBean(RedisConnections.class).cluster());
            assertEquals("PONG", context.getBean(RedisConnections.Connection.class).sync().ping());
        }
        assertEquals(List.of(), warnings());
    }

    @Test
    void thePasswordOfItsOwnPropertyIsSentOnTheAddressAndTheOldNameStillWorks() {
        try (RedisFixture own = RedisFixture.startNew()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(own.controllable(), "REDIS_URL servers are not reconfigured by tests");
            RedisClient admin = RedisClient.create(own.uri());
            try {
                admin.connect().sync().configSet("requirepass", "s3cret-for-this-test");
            } finally {
                admin.shutdown();
            }
            for (String property : List.of("redis.password", "scamscan.redis.password")) {
                try (ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", own.uri(),
                        property, "s3cret-for-this-test"))) {
                    assertEquals("PONG", context.getBean(RedisConnections.Connection.class).sync().ping(), property);
                }
            }
        }
        assertEquals(List.of("scamscan.redis.password is deprecated and will be removed in the next release: use redis.password"),
                warnings());
    }
}
