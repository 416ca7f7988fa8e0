package io.prime.core.blacklist;

import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.order.MatrixRules;

/**
 * The pure rules of §4.2, "Blacklisting Servers", as functions of their inputs (no state), so SUSPECT-LEADER and the
 * tests call exactly what the replica does.
 *
 * <ul>
 *   <li>{@link #isProof}: two PO-ARUs signed by one server that are not consistent (Fig. 1, item 1) prove it faulty.</li>
 *   <li>{@link #blacklistBeforeCompare}: before testing whether a PRE-PREPARE covers a PROOF-MATRIX, "for each server
 *       i in R − B, if p_pp[i] is not consistent with p_pm[i], add i to B".</li>
 *   <li>{@link #covers}: that procedure followed by Fig. 1, item 5 with the enlarged B.</li>
 * </ul>
 */
public final class BlacklistRules {
    private BlacklistRules() {
    }

    /** The result of a coverage test: whether pp covers pm, and B after blacklist-before-compare. */
    public record Coverage(boolean covers, long blacklistMask, long newlyBlacklisted) {
    }

    /** Whether {@code a} and {@code b} are signed by one server and neither is at least as up-to-date as the other. */
    public static boolean isProof(PoAru a, PoAru b) {
        return a != null && b != null && a.sender() == b.sender() && !a.consistentWith(b);
    }

    /**
     * §4.2's procedure: returns {@code blacklistMask} plus every server i not in it whose rows in the two matrices are
     * both present and not consistent (a missing row is the null vector, consistent with everything).
     */
    public static long blacklistBeforeCompare(PoAruMatrix prePrepareMatrix, PoAruMatrix proofMatrix, long blacklistMask) {
        long mask = blacklistMask;
        for (int i = 0; i < prePrepareMatrix.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                continue;
            }
            if (isProof(prePrepareMatrix.row(i), proofMatrix.row(i))) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** Blacklist-before-compare, then Fig. 1, item 5 ignoring every blacklisted server's row. */
    public static Coverage covers(PoAruMatrix prePrepareMatrix, PoAruMatrix proofMatrix, long blacklistMask) {
        long mask = blacklistBeforeCompare(prePrepareMatrix, proofMatrix, blacklistMask);
        return new Coverage(MatrixRules.covers(prePrepareMatrix, proofMatrix, mask), mask, mask & ~blacklistMask);
    }
}
