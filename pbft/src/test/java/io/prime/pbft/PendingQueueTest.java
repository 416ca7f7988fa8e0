package io.prime.pbft;

import io.prime.core.crypto.Digest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paper §3.1: a FIFO of forwarded updates with a timer on the FIRST one only. */
class PendingQueueTest {
    private static final long T = 300;

    private static Digest d(int i) {
        byte[] b = new byte[Digest.LENGTH];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        return Digest.of(b);
    }

    @Test
    void timerStartsWhenTheFirstUpdateEntersAnEmptyQueue() {
        PendingQueue q = new PendingQueue();
        assertEquals(Long.MAX_VALUE, q.deadlineNanos(T));
        q.add(d(1), 100);
        assertEquals(100 + T, q.deadlineNanos(T));
        q.add(d(2), 150); // a second update does not move the timer
        assertEquals(100 + T, q.deadlineNanos(T));
        assertFalse(q.add(d(1), 160), "already queued");
    }

    @Test
    void executingTheHeadRestartsTheTimerForTheNextOne() {
        PendingQueue q = new PendingQueue();
        q.add(d(1), 100);
        q.add(d(2), 150);
        q.executed(d(1), 380);
        assertEquals(d(2), q.head());
        assertEquals(380 + T, q.deadlineNanos(T), "restarted at the head's execution, not at d2's arrival");
        q.executed(d(2), 500);
        assertTrue(q.isEmpty());
        assertEquals(Long.MAX_VALUE, q.deadlineNanos(T), "empty: no timer");
    }

    @Test
    void executingAnUpdateThatIsNotTheHeadDoesNotResetTheTimer() {
        PendingQueue q = new PendingQueue();
        q.add(d(1), 100);
        q.add(d(2), 150);
        q.add(d(3), 160);
        q.executed(d(3), 390);
        q.executed(d(2), 395);
        assertEquals(100 + T, q.deadlineNanos(T), "only the head's execution touches the timer");
        assertEquals(1, q.size());
        q.executed(d(9), 396); // never queued: nothing happens
        assertEquals(100 + T, q.deadlineNanos(T));
    }

    @Test
    void aNewViewRestartsTheTimer() {
        PendingQueue q = new PendingQueue();
        q.add(d(1), 100);
        q.restartTimer(1_000);
        assertEquals(1_000 + T, q.deadlineNanos(T));
    }

    /** Against a model: the deadline is always (time the current head became head) + T, over random histories. */
    @Test
    void matchesTheRuleOverRandomHistories() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            PendingQueue q = new PendingQueue();
            List<Integer> model = new ArrayList<>();
            long headSince = Long.MAX_VALUE;
            long now = 0;
            int next = 0;
            for (int step = 0; step < 200; step++) {
                now += random.nextInt(50);
                if (model.isEmpty() || random.nextInt(3) == 0) {
                    int id = next++;
                    q.add(d(id), now);
                    model.add(id);
                    if (model.size() == 1) {
                        headSince = now;
                    }
                } else {
                    int index = random.nextInt(model.size());
                    int id = model.remove(index);
                    q.executed(d(id), now);
                    if (index == 0) {
                        headSince = model.isEmpty() ? Long.MAX_VALUE : now;
                    }
                }
                long expected = model.isEmpty() ? Long.MAX_VALUE : headSince + T;
                assertEquals(expected, q.deadlineNanos(T), "seed " + seed + " step " + step);
                assertEquals(model.size(), q.size());
            }
        }
    }
}
