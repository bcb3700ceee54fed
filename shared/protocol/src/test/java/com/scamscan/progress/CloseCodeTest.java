package com.scamscan.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.CloseCode.ClientAction;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloseCodeTest {

    @Test
    void everyCodeAnswersWithItsOwnAction() {
        for (CloseCode code : CloseCode.values()) {
            assertEquals(code.clientAction(), CloseCode.actionFor(code.code()), code.name());
        }
        for (ForeignCloseCode code : ForeignCloseCode.values()) {
            assertEquals(ClientAction.BACKOFF, CloseCode.actionFor(code.code()), code.name());
        }
        assertEquals(ClientAction.STOP, CloseCode.actionFor(1002), "a code on neither list ends the stream");
        assertEquals(ClientAction.STOP, CloseCode.actionFor(4000));
        assertEquals(ClientAction.STOP, CloseCode.actionFor(0));
    }

    @Test
    void theListsShareNoCode() {
        Set<Integer> seen = new HashSet<>();
        for (CloseCode code : CloseCode.values()) {
            assertTrue(seen.add(code.code()), code.name());
        }
        for (ForeignCloseCode code : ForeignCloseCode.values()) {
            assertTrue(seen.add(code.code()), code.name());
        }
    }

    @Test
    void theDocumentedActions() {
        assertEquals(ClientAction.BACKOFF, CloseCode.actionFor(1006));
        assertEquals(ClientAction.RECONNECT, CloseCode.actionFor(4008));
        assertEquals(ClientAction.STOP, CloseCode.actionFor(4401));
        assertEquals(ClientAction.BACKOFF, CloseCode.actionFor(4429));
    }
}
