package com.scamscan.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The CLI speaks HTTP and WebSocket with the wire types of shared/protocol, and carries no Redis client. */
class ClasspathTest {

    @Test
    void noRedisClientIsOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.lettuce.core.RedisClient"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.scamscan.redis.RedisNames"), "nor shared/redis");
    }

    @Test
    void theWireTypesAreThere() {
        // the same check that fails above passes for a class that is meant to be here
        assertDoesNotThrow(() -> Class.forName("com.scamscan.protocol.ScanAccepted"));
    }
}
