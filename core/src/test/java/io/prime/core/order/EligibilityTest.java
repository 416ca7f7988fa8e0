package io.prime.core.order;

import io.prime.core.message.AruVector;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fig. 1, items 2, 3 and 6, and the §4.1 validity rule for successive PRE-PREPAREs. */
class EligibilityTest {
    static PoAruMatrix randomMatrix(SplittableRandom random, int n, int maxEntry) {
        PoAru[] rows = new PoAru[n];
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                continue; // a null row: server i acknowledged nothing yet
            }
            long[] v = new long[n];
            for (int o = 0; o < n; o++) {
                v[o] = random.nextInt(maxEntry + 1);
            }
            rows[i] = new PoAru(i, AruVector.of(v), new byte[]{1});
        }
        return PoAruMatrix.of(rows);
    }

    @Test
    void eligibleCountsAreExactlyThePreorderProofs() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 3_000; trial++) {
            int f = 1 + random.nextInt(2);
            int n = 3 * f + 1;
            PoAruMatrix pm = randomMatrix(random, n, 6);
            long[] eligible = Eligibility.eligibleCounts(pm, 2 * f + 1);
            for (int o = 0; o < n; o++) {
                for (long s = 1; s <= 8; s++) {
                    // M(pp) contains (o, s) iff Preorder_Proof_Exists(o, s, pp): the prefix 1..eligible[o].
                    assertEquals(Eligibility.preorderProofExists(o, s, pm, 2 * f + 1), s <= eligible[o],
                            "origin " + o + " seq " + s + " matrix " + pm);
                }
            }
        }
    }

    @Test
    void aNullRowCountsAsZero() {
        PoAru[] rows = new PoAru[4];
        rows[0] = new PoAru(0, AruVector.of(5, 5, 5, 5), new byte[]{1});
        rows[1] = new PoAru(1, AruVector.of(5, 5, 5, 5), new byte[]{1});
        rows[2] = new PoAru(2, AruVector.of(5, 5, 5, 5), new byte[]{1});
        assertEquals(5, Eligibility.eligibleCounts(PoAruMatrix.of(rows), 3)[0]);
        rows[2] = null;
        assertEquals(0, Eligibility.eligibleCounts(PoAruMatrix.of(rows), 3)[0]);
    }

    @Test
    void validSuccessorNeedsEveryRowAtLeastAsUpToDateAndSomeChange() {
        PoAru[] older = {row(0, 1, 0, 0, 0), row(1, 1, 1, 0, 0), null, null};
        PoAru[] same = older.clone();
        PoAru[] newer = {row(0, 2, 0, 0, 0), row(1, 1, 1, 0, 0), null, null};
        PoAru[] worse = {row(0, 0, 0, 0, 0), row(1, 1, 2, 0, 0), null, null};
        PoAruMatrix m0 = PoAruMatrix.of(older);
        assertFalse(MatrixRules.validSuccessor(PoAruMatrix.of(same), m0), "pm = pm' is not a valid successor");
        assertTrue(MatrixRules.validSuccessor(PoAruMatrix.of(newer), m0));
        assertFalse(MatrixRules.validSuccessor(PoAruMatrix.of(worse), m0), "row 0 went backwards");
        assertFalse(MatrixRules.validSuccessor(PoAruMatrix.empty(4), m0), "rows disappeared");
        assertTrue(MatrixRules.validSuccessor(m0, PoAruMatrix.empty(4)), "the first PRE-PREPARE improves on nothing");
    }

    @Test
    void coverageIgnoresBlacklistedServers() {
        PoAruMatrix pp = PoAruMatrix.of(new PoAru[]{row(0, 1, 1, 1, 1), row(1, 0, 0, 0, 0), null, null});
        PoAruMatrix pm = PoAruMatrix.of(new PoAru[]{row(0, 1, 1, 1, 1), row(1, 3, 0, 0, 0), null, null});
        assertFalse(MatrixRules.covers(pp, pm, 0), "row 1 of the PRE-PREPARE is older");
        assertTrue(MatrixRules.covers(pp, pm, 1L << 1), "Fig. 1, item 5: blacklisted rows are not compared");
    }

    @Test
    void eligiblePrefixesOnlyGrowAlongValidSuccessors() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 2_000; trial++) {
            PoAruMatrix a = randomMatrix(random, 4, 5);
            PoAruMatrix b = randomMatrix(random, 4, 5);
            if (MatrixRules.validSuccessor(b, a)) {
                long[] ea = Eligibility.eligibleCounts(a, 3);
                long[] eb = Eligibility.eligibleCounts(b, 3);
                for (int o = 0; o < 4; o++) {
                    assertTrue(eb[o] >= ea[o], "M(T_k) must contain M(T_k-1)");
                }
            }
        }
    }

    private static PoAru row(int sender, long... v) {
        return new PoAru(sender, AruVector.of(v), new byte[]{1});
    }
}
