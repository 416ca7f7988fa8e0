package io.prime.core.order;

import io.prime.core.message.PoAruMatrix;
import io.prime.core.quorum.Quorums;

/**
 * Fig. 1, items 2, 3 and 6: which preordered updates a globally ordered PRE-PREPARE makes eligible for execution.
 *
 * <p>Preorder_Proof_Exists(o, s, pp) holds iff at least 2f+1 servers i have pm[i][o] >= s. For a fixed origin o that
 * is true exactly for s <= the (2f+1)-th highest value of column o, so M(pp) is, for each origin, the prefix
 * 1..eligible[o]. Because successive ordered matrices are row-wise at least as up to date (§4.1), these prefixes only
 * grow, and M(T_k) - M(T_{k-1}) is, per origin, the range (previous[o], eligible[o]].
 */
public final class Eligibility {
    private Eligibility() {
    }

    /** For each origin o, the largest s with Preorder_Proof_Exists(o, s, pp) (0 if none). */
    public static long[] eligibleCounts(PoAruMatrix matrix, int quorum) {
        int n = matrix.size();
        long[] eligible = new long[n];
        long[] column = new long[n];
        for (int o = 0; o < n; o++) {
            for (int i = 0; i < n; i++) {
                column[i] = matrix.entry(i, o);
            }
            eligible[o] = Quorums.kthHighest(column, quorum);
        }
        return eligible;
    }

    /** Fig. 1, item 2, read literally (used by tests as the brute-force reference). */
    public static boolean preorderProofExists(int origin, long poSeq, PoAruMatrix matrix, int quorum) {
        int count = 0;
        for (int i = 0; i < matrix.size(); i++) {
            if (matrix.entry(i, origin) >= poSeq) {
                count++;
            }
        }
        return count >= quorum;
    }
}
