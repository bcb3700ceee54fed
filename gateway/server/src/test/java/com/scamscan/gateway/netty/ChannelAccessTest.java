package com.scamscan.gateway.netty;

import com.scamscan.gateway.server.netty.ChannelAccess;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChannelAccessTest {

    /** Fails on a Micronaut upgrade that moves the session's channel, before slow clients could leak. */
    @Test
    void micronautSessionStillHoldsItsChannelWhereWeLook() {
        assertTrue(ChannelAccess.available());
    }
}
