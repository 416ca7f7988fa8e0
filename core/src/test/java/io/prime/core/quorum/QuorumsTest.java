package io.prime.core.quorum;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The order statistics against brute-force definitions (etcd raft's quick_test idea). */
class QuorumsTest {
    /** "At least k values are >= x" holds exactly for x <= kthHighest: brute force over every candidate x. */
    private static long bruteKthHighest(long[] values, int k) {
        long best = Long.MIN_VALUE;
        for (long x : values) {
            int atLeast = 0;
            for (long v : values) {
                if (v >= x) {
                    atLeast++;
                }
            }
            if (atLeast >= k && x > best) {
                best = x;
            }
        }
        return best;
    }

    private static long bruteKthLowest(long[] values, int k) {
        long best = Long.MAX_VALUE;
        for (long x : values) {
            int atMost = 0;
            for (long v : values) {
                if (v <= x) {
                    atMost++;
                }
            }
            if (atMost >= k && x < best) {
                best = x;
            }
        }
        return best;
    }

    @Test
    void matchBruteForce() {
        SplittableRandom random = new SplittableRandom(20);
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + random.nextInt(22);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(trial % 3 == 0 ? 3 : 1000); // many ties in a third of the trials
            }
            int k = 1 + random.nextInt(n);
            assertEquals(bruteKthHighest(values, k), Quorums.kthHighest(values, k));
            assertEquals(bruteKthLowest(values, k), Quorums.kthLowest(values, k));
        }
    }

    @Test
    void inputIsNotModified() {
        long[] values = {5, 1, 4};
        Quorums.kthHighest(values, 2);
        assertEquals(5, values[0]);
        assertEquals(1, values[1]);
    }

    @Test
    void rejectsImpossibleK() {
        assertThrows(IllegalArgumentException.class, () -> Quorums.kthHighest(new long[]{1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Quorums.kthLowest(new long[]{1}, 0));
    }
}
