package io.prime.core.preorder;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SeqRing against a TreeMap over random windows that move up, grow, shrink and get inserted below their start. */
class SeqRingTest {
    @Test
    void behavesLikeASortedMapOverMovingWindows() {
        for (long seed = 1; seed <= 30; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            SeqRing<String> ring = new SeqRing<>();
            TreeMap<Long, String> model = new TreeMap<>();
            long low = random.nextLong(1_000);
            for (int step = 0; step < 5_000; step++) {
                int op = random.nextInt(100);
                String context = "seed " + seed + " step " + step;
                if (op < 50) {
                    // Mostly near the top of the window, sometimes below its start, sometimes with a gap.
                    long key = low + random.nextLong(op < 5 ? 400 : 120) - (op < 10 ? 30 : 0);
                    String created = "v" + key;
                    String got = ring.computeIfAbsent(key, k -> created);
                    String expected = model.computeIfAbsent(key, k -> created);
                    assertSame(expected, got, context);
                } else if (op < 75) {
                    long key = low + random.nextLong(-50, 450);
                    assertEquals(model.get(key), ring.get(key), context);
                } else if (op < 90) {
                    long upTo = low + random.nextLong(-5, 60);
                    List<String> removed = new ArrayList<>();
                    ring.removeUpTo(upTo, removed::add);
                    Map<Long, String> head = model.headMap(upTo, true);
                    assertEquals(new ArrayList<>(head.values()), removed, context);
                    head.clear();
                    low = Math.max(low, upTo);
                } else {
                    long above = low + random.nextLong(-20, 200);
                    List<String> seen = new ArrayList<>();
                    ring.forEachAbove(above, seen::add);
                    assertEquals(new ArrayList<>(model.tailMap(above, false).values()), seen, context);
                }
                assertEquals(model.size(), ring.size(), context);
                assertEquals(model.isEmpty(), ring.isEmpty(), context);
                if (!model.isEmpty()) {
                    assertEquals(model.firstKey(), ring.firstKey(), context);
                }
            }
        }
    }

    @Test
    void emptiesCompletelyAndStartsAgainAnywhere() {
        SeqRing<String> ring = new SeqRing<>();
        assertThrows(IllegalStateException.class, ring::firstKey);
        for (long k = 10; k < 100; k++) {
            ring.computeIfAbsent(k, x -> "v" + x);
        }
        ring.removeUpTo(Long.MAX_VALUE, v -> { });
        assertTrue(ring.isEmpty());
        assertNull(ring.get(50));
        // A far jump (a checkpoint installed) costs nothing once the old window is gone.
        ring.computeIfAbsent(1_000_000_000L, x -> "far");
        assertEquals(1, ring.size());
        assertEquals(1_000_000_000L, ring.firstKey());
        assertEquals("far", ring.get(1_000_000_000L));
        assertNull(ring.get(999_999_999L));
    }

    @Test
    void refusesAWindowItCannotIndex() {
        SeqRing<String> ring = new SeqRing<>();
        ring.computeIfAbsent(0, x -> "zero");
        assertThrows(IllegalStateException.class, () -> ring.computeIfAbsent(1L << 40, x -> "too far"));
        assertEquals(1, ring.size());
        assertEquals("zero", ring.get(0));
    }
}
