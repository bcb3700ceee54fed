package com.scamscan.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetSlotTest {

    private final AtomicInteger released = new AtomicInteger();

    @Test
    void aSlotNotKeptIsGivenBackWhenItsScopeEndsOnce() {
        BudgetSlot slot = new BudgetSlot(released::incrementAndGet);
        try (slot) {
            assertFalse(slot.released());
        }
        slot.close();
        slot.release();
        assertEquals(1, released.get());
        assertTrue(slot.released());
    }

    @Test
    void aSlotGivenBackByAFailureInsideItsScope() {
        BudgetSlot slot = new BudgetSlot(released::incrementAndGet);
        try (slot) {
            throw new IllegalStateException("Redis down");
        } catch (IllegalStateException expected) {
            // the connection failed
        }
        assertEquals(1, released.get());
    }

    @Test
    void aKeptSlotStaysTakenUntilItsOwnerReleasesIt() {
        BudgetSlot slot = new BudgetSlot(released::incrementAndGet);
        try (slot) {
            slot.keep();
        }
        assertEquals(0, released.get());
        slot.release();
        slot.release();
        slot.close();
        assertEquals(1, released.get());
    }
}
