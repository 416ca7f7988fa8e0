package io.prime.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The event queue against a sorted list: earliest time first, ties in scheduling order, over random interleavings. */
class EventQueueTest {
    private static final class Probe extends EventQueue.Event {
        final int id;

        Probe(int id) {
            this.id = id;
        }

        @Override
        public void fire() {
        }

        @Override
        public String describe() {
            return "probe " + id;
        }
    }

    @Test
    void pollsInTimeOrderWithTiesInSchedulingOrder() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            EventQueue queue = new EventQueue();
            List<Probe> model = new ArrayList<>();
            Comparator<Probe> order = Comparator.<Probe>comparingLong(EventQueue.Event::timeNanos).thenComparingInt(p -> p.id);
            int next = 0;
            long now = 0;
            // Few distinct times, so ties are common; the queue grows past its initial capacity.
            for (int step = 0; step < 20_000; step++) {
                if (random.nextInt(100) < 55 || model.isEmpty()) {
                    Probe p = new Probe(next++);
                    queue.schedule(now + random.nextLong(50), p);
                    model.add(p);
                } else {
                    model.sort(order);
                    Probe expected = model.remove(0);
                    EventQueue.Event got = queue.poll();
                    assertSame(expected, got, "seed " + seed + " step " + step);
                    now = got.timeNanos();
                }
                assertEquals(model.size(), queue.size());
            }
            model.sort(order);
            for (Probe expected : model) {
                assertSame(expected, queue.peek());
                assertSame(expected, queue.poll());
            }
            assertNull(queue.poll());
            assertNull(queue.peek());
        }
    }
}
