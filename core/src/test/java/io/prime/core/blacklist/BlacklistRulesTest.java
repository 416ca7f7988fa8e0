package io.prime.core.blacklist;

import io.prime.core.message.AruVector;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.order.MatrixRules;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §4.2's blacklist-before-compare and Fig. 1, item 5, against a direct reading of the text (seeded). */
class BlacklistRulesTest {
    private static PoAru aru(int sender, long... v) {
        return new PoAru(sender, AruVector.of(v), new byte[16]);
    }

    private static PoAruMatrix randomMatrix(SplittableRandom r, int n) {
        PoAru[] rows = new PoAru[n];
        for (int i = 0; i < n; i++) {
            if (r.nextInt(4) != 0) {
                long[] v = new long[n];
                for (int o = 0; o < n; o++) {
                    v[o] = r.nextInt(3);
                }
                rows[i] = aru(i, v);
            }
        }
        return PoAruMatrix.of(rows);
    }

    @Test
    void blacklistBeforeCompareAddsExactlyTheInconsistentRows() {
        SplittableRandom r = new SplittableRandom(42);
        int sawNew = 0;
        for (int trial = 0; trial < 5_000; trial++) {
            int n = 4 + 3 * r.nextInt(3);
            PoAruMatrix pp = randomMatrix(r, n);
            PoAruMatrix pm = randomMatrix(r, n);
            long before = r.nextLong() & ((1L << n) - 1) & r.nextLong();
            long after = BlacklistRules.blacklistBeforeCompare(pp, pm, before);
            for (int i = 0; i < n; i++) {
                boolean was = (before & (1L << i)) != 0;
                boolean inconsistent = pp.row(i) != null && pm.row(i) != null
                        && !pp.row(i).atLeastAsUpToDateAs(pm.row(i)) && !pm.row(i).atLeastAsUpToDateAs(pp.row(i));
                assertEquals(was || inconsistent, (after & (1L << i)) != 0, "row " + i);
            }
            BlacklistRules.Coverage c = BlacklistRules.covers(pp, pm, before);
            assertEquals(after, c.blacklistMask());
            assertEquals(after & ~before, c.newlyBlacklisted());
            assertEquals(MatrixRules.covers(pp, pm, after), c.covers());
            // Direct reading of item 5: every non-blacklisted row of pp is at least as up to date as pm's.
            boolean direct = true;
            for (int i = 0; i < n; i++) {
                if ((after & (1L << i)) == 0 && !MatrixRules.rowAtLeastAsUpToDate(pp.row(i), pm.row(i))) {
                    direct = false;
                }
            }
            assertEquals(direct, c.covers());
            sawNew += c.newlyBlacklisted() != 0 ? 1 : 0;
        }
        assertTrue(sawNew > 100, "the generator must produce inconsistent rows: " + sawNew);
    }

    /**
     * The paper's scenario (§4.2): server 3 sends m1 to c and m2 elsewhere; the leader proposes m2; c's PROOF-MATRIX
     * holds m1. Without blacklisting, c would see a correct leader fail to cover it; with the procedure it blacklists
     * 3 and the PRE-PREPARE covers.
     */
    @Test
    void inconsistentPoArusDoNotMakeACorrectLeaderLookSlow() {
        PoAru m1 = aru(3, 2, 0, 0, 1);
        PoAru m2 = aru(3, 0, 2, 0, 1);
        PoAru good = aru(0, 5, 5, 5, 5);
        PoAruMatrix pm = PoAruMatrix.of(new PoAru[] {good, null, null, m1});
        PoAruMatrix pp = PoAruMatrix.of(new PoAru[] {good, null, null, m2});
        assertFalse(MatrixRules.covers(pp, pm, 0), "without blacklisting the leader looks as if it ignored m1");
        BlacklistRules.Coverage c = BlacklistRules.covers(pp, pm, 0);
        assertTrue(c.covers());
        assertEquals(1L << 3, c.blacklistMask());
        assertTrue(BlacklistRules.isProof(m1, m2));
        // A PRE-PREPARE that really is behind on a correct server's row still does not cover.
        PoAruMatrix stale = PoAruMatrix.of(new PoAru[] {aru(0, 4, 5, 5, 5), null, null, m2});
        assertFalse(BlacklistRules.covers(stale, pm, 0).covers());
    }

    @Test
    void consistentOrForeignPairsAreNoProof() {
        assertFalse(BlacklistRules.isProof(aru(1, 1, 1, 1, 1), aru(1, 1, 2, 1, 1)), "one at least as up to date");
        assertFalse(BlacklistRules.isProof(aru(1, 1, 0, 1, 1), aru(2, 0, 1, 1, 1)), "two different servers");
        assertFalse(BlacklistRules.isProof(null, aru(1, 0, 1, 1, 1)));
        assertTrue(BlacklistRules.isProof(aru(1, 1, 0, 1, 1), aru(1, 0, 1, 1, 1)));
    }
}
