package io.prime.core.traffic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrafficSchedulerTest {
    @Test
    void orderingGoesFirstThenClientAndPreorderInProductionOrder() {
        TrafficScheduler<String> s = TrafficScheduler.unbounded(1_000_000_000L, 0.5);
        s.offer(TrafficClass.PREORDER, "p1", 10);
        s.offer(TrafficClass.CLIENT, "c1", 10);
        s.offer(TrafficClass.PREORDER, "p2", 10);
        s.offer(TrafficClass.ORDERING, "o1", 10);
        assertEquals("o1", s.next(0));
        assertEquals("p1", s.next(0));
        assertEquals("c1", s.next(0));
        assertEquals("p2", s.next(0));
        assertNull(s.next(0));
        assertTrue(s.isEmpty());
    }

    @Test
    void reconciliationIsLimitedToItsShareOfTheBandwidth() {
        // 8,000 bits/s = 1,000 bytes/s; a 10% share refills 100 bytes per second; the bucket holds 1,000 bytes.
        TrafficScheduler<String> s = new TrafficScheduler<>(8_000, 0.1, 1_000, 100, 1 << 20);
        for (int i = 0; i < 5; i++) {
            s.offer(TrafficClass.RECONCILIATION, "r" + i, 500);
        }
        assertEquals("r0", s.next(0));
        assertEquals("r1", s.next(0));
        assertNull(s.next(0), "the bucket is empty: reconciliation must wait");
        long ready = s.reconciliationReadyAtNanos(0);
        assertEquals(5_000_000_000L, ready, "500 bytes at 100 bytes/s");
        assertNull(s.next(ready - 1));
        assertEquals("r2", s.next(ready));
        s.offer(TrafficClass.PREORDER, "p", 10);
        assertEquals("p", s.next(ready), "preordering is not held back by reconciliation");
    }

    @Test
    void fullClassQueuesRefuseAndCountWhileOtherClassesStillAccept() {
        TrafficScheduler<String> s = new TrafficScheduler<>(0, 1, 1_000, 2, 1_000);
        assertTrue(s.offer(TrafficClass.PREORDER, "a", 10));
        assertTrue(s.offer(TrafficClass.PREORDER, "b", 10));
        assertFalse(s.offer(TrafficClass.PREORDER, "c", 10));
        assertEquals(1, s.dropped(TrafficClass.PREORDER));
        assertTrue(s.offer(TrafficClass.ORDERING, "o", 10));
        assertTrue(s.offer(TrafficClass.ORDERING, "big", 5_000) == false);
        TrafficScheduler<String> t = new TrafficScheduler<>(0, 1, 1_000, 2, 1_000);
        assertTrue(t.offer(TrafficClass.ORDERING, "big", 5_000), "one oversized message still fits an empty queue");
        assertEquals(20, s.queuedBytes(TrafficClass.PREORDER));
        assertEquals(3, s.clear());
        assertEquals(0, s.queuedBytes());
    }
}
