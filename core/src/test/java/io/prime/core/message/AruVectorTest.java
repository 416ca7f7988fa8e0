package io.prime.core.message;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fig. 1, item 1: "at least as up-to-date", "more up-to-date", "consistent". */
class AruVectorTest {
    @Test
    void definitionsOfFigureOne() {
        AruVector a = AruVector.of(3, 5, 1, 0);
        AruVector b = AruVector.of(3, 4, 1, 0);
        AruVector c = AruVector.of(4, 4, 1, 0);
        assertTrue(a.atLeastAsUpToDateAs(b));
        assertTrue(a.moreUpToDateThan(b));
        assertTrue(a.atLeastAsUpToDateAs(a));
        assertFalse(a.moreUpToDateThan(a));
        assertTrue(a.consistentWith(b));
        // a is ahead in entry 1, c in entry 0: neither is at least as up-to-date as the other.
        assertFalse(a.consistentWith(c));
        assertFalse(c.consistentWith(a));
    }

    @Test
    void relationsAgreeWithTheirDefinitionsOnRandomVectors() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 10_000; trial++) {
            int n = 4 + random.nextInt(4);
            long[] x = new long[n];
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(3);
                y[i] = random.nextInt(3);
            }
            AruVector a = AruVector.of(x);
            AruVector b = AruVector.of(y);
            boolean ge = true;
            boolean gt = false;
            for (int i = 0; i < n; i++) {
                ge &= x[i] >= y[i];
                gt |= x[i] > y[i];
            }
            assertEquals(ge, a.atLeastAsUpToDateAs(b));
            assertEquals(ge && gt, a.moreUpToDateThan(b));
            assertEquals(a.atLeastAsUpToDateAs(b) || b.atLeastAsUpToDateAs(a), a.consistentWith(b));
            assertEquals(a.consistentWith(b), b.consistentWith(a), "consistency is symmetric");
        }
    }
}
