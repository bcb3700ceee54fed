package com.scamscan.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class RedisNamesTest {

    @Test
    void standaloneNamesAreTheSeedNames() {
        RedisNames names = RedisNames.standalone();
        assertEquals("task:abc-1", names.task("abc-1"));
        assertEquals("agent_progress:abc-1", names.progressChannel("abc-1"));
        assertEquals("agent_progress_history:abc-1", names.history("abc-1"));
        assertEquals(Optional.of("abc-1"), names.taskIdOfChannel("agent_progress:abc-1"));
    }

    @Test
    void clusterNamesShareTheTaskHashTag() {
        RedisNames names = RedisNames.forCluster();
        assertEquals("task:{abc_1}", names.task("abc_1"));
        assertEquals("agent_progress:{abc_1}", names.progressChannel("abc_1"));
        assertEquals("agent_progress_history:{abc_1}", names.history("abc_1"));
        assertEquals(Optional.of("abc_1"), names.taskIdOfChannel("agent_progress:{abc_1}"));
        assertTrue(names.taskIdOfChannel("agent_progress:abc_1").isEmpty());
    }

    @Test
    void inAClusterWhatOneScriptTouchesSharesASlot() {
        RedisNames names = RedisNames.forCluster();
        int task = SlotHash.getSlot(names.task("abc_1"));
        for (String key : new String[]{names.history("abc_1"), names.progressChannel("abc_1"), names.scanInput("abc_1")}) {
            assertEquals(task, SlotHash.getSlot(key), key);
        }
        for (String key : new String[]{names.scanDeadLetters(), names.legacyScanQueue(), names.legacyScanProcessing()}) {
            assertEquals(SlotHash.getSlot(names.scanStream()), SlotHash.getSlot(key), key); // one script moves between them
        }
        assertEquals(SlotHash.getSlot(names.budgetCounts()), SlotHash.getSlot(names.budgetLeases()));
        assertEquals(SlotHash.getSlot(names.budgetCounts()), SlotHash.getSlot(names.budgetRecovery()));
        // the gateway's admission counts a handshake and takes a budget slot in one script
        assertEquals(SlotHash.getSlot(names.budgetCounts()), SlotHash.getSlot(names.rateLimit("connect", "00ff")));
        assertEquals("ratelimit:scan:{00ff}", names.rateLimit("scan", "00ff"), "scan counters spread over the slots");
        assertEquals("ratelimit:connect:00ff", RedisNames.standalone().rateLimit("connect", "00ff"));
        assertNotEquals(task, SlotHash.getSlot(names.task("abc_2")), "different tasks land on different slots");
    }

    @Test
    void inAClusterAFeedsSetsStateAndLockShareASlot() {
        RedisNames names = RedisNames.forCluster();
        assertEquals("scamdb:feed:{urlhaus}:urls", names.scamDbFeedSet("urlhaus", "urls"));
        int feed = SlotHash.getSlot(names.scamDbFeedState("urlhaus"));
        for (String kind : new String[]{"urls", "domains", "phones"}) {
            assertEquals(feed, SlotHash.getSlot(names.scamDbFeedSet("urlhaus", kind)), kind);
            assertEquals(feed, SlotHash.getSlot(names.scamDbFeedIncoming("urlhaus", kind, "a-1")), kind);
        }
        assertEquals(feed, SlotHash.getSlot(names.scamDbFeedLock("urlhaus")));
        assertNotEquals(feed, SlotHash.getSlot(names.scamDbFeedState("openphish")), "different feeds spread over the slots");
    }

    @Test
    void standaloneFeedNamesCarryNoHashTag() {
        RedisNames names = RedisNames.standalone();
        assertEquals("scamdb:feed:sample:phones", names.scamDbFeedSet("sample", "phones"));
        assertEquals("scamdb:feed:sample:urls:incoming:x1", names.scamDbFeedIncoming("sample", "urls", "x1"));
        assertEquals("scamdb:feed:sample:state", names.scamDbFeedState("sample"));
        assertEquals("scamdb:feed:sample:lock", names.scamDbFeedLock("sample"));
    }

    @Test
    void feedNamesAndKindsOutsideTheFormatAreRefused() {
        RedisNames names = RedisNames.forCluster();
        assertThrows(IllegalArgumentException.class, () -> names.scamDbFeedState("a}b"));
        assertThrows(IllegalArgumentException.class, () -> names.scamDbFeedState("Upper"));
        assertThrows(IllegalArgumentException.class, () -> names.scamDbFeedSet("ok", "emails"));
        assertThrows(IllegalArgumentException.class, () -> names.scamDbFeedIncoming("ok", "urls", "a:b"));
    }

    @Test
    void otherChannelsAreNotProgressChannels() {
        RedisNames names = RedisNames.standalone();
        assertTrue(names.taskIdOfChannel("agent_progress_history:abc").isEmpty());
        assertTrue(names.taskIdOfChannel("agent_progress:").isEmpty());
        assertTrue(names.taskIdOfChannel("agent_progress:a b").isEmpty());
        assertTrue(names.taskIdOfChannel(null).isEmpty());
    }

    @Test
    void namesRefuseIdsOutsideTheFormat() {
        RedisNames names = RedisNames.standalone();
        assertThrows(IllegalArgumentException.class, () -> names.task("a}b"));
        assertThrows(IllegalArgumentException.class, () -> names.task(""));
        assertThrows(IllegalArgumentException.class, () -> names.task("x".repeat(65)));
        assertEquals("task:" + "x".repeat(64), names.task("x".repeat(64)));
    }
}
