package io.prime.core.order;

import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;

/**
 * Comparisons between proof matrices.
 *
 * <ul>
 *   <li>{@link #atLeastAsUpToDate}: the §4.1 guarantee for two globally ordered PRE-PREPAREs seq > seq':
 *       every row of pm is at least as up-to-date as the same row of pm' (a missing row is the null vector).</li>
 *   <li>{@link #validSuccessor}: the validity check a correct server performs before sending a PREPARE: the matrix
 *       is at least as up-to-date as its predecessor's and differs from it.</li>
 *   <li>{@link #covers}: Fig. 1, item 5: a PRE-PREPARE covers a PROOF-MATRIX if, for every server not blacklisted,
 *       its row is at least as up-to-date as the PROOF-MATRIX's.</li>
 * </ul>
 */
public final class MatrixRules {
    private MatrixRules() {
    }

    /** Row i of {@code newer} is at least as up-to-date as row i of {@code older}. */
    public static boolean rowAtLeastAsUpToDate(PoAru newer, PoAru older) {
        if (older == null) {
            return true;
        }
        if (newer == null) {
            return isNullVector(older);
        }
        return newer.atLeastAsUpToDateAs(older);
    }

    public static boolean atLeastAsUpToDate(PoAruMatrix newer, PoAruMatrix older) {
        for (int i = 0; i < newer.size(); i++) {
            if (!rowAtLeastAsUpToDate(newer.row(i), older.row(i))) {
                return false;
            }
        }
        return true;
    }

    /** §4.1: pm is at least as up-to-date as pm' row by row, and pm != pm'. */
    public static boolean validSuccessor(PoAruMatrix pm, PoAruMatrix previous) {
        return atLeastAsUpToDate(pm, previous) && !sameVectors(pm, previous);
    }

    /** Fig. 1, item 5, with {@code blacklistMask} bit i set for blacklisted server i. */
    public static boolean covers(PoAruMatrix prePrepareMatrix, PoAruMatrix proofMatrix, long blacklistMask) {
        for (int i = 0; i < prePrepareMatrix.size(); i++) {
            if ((blacklistMask & (1L << i)) != 0) {
                continue;
            }
            if (!rowAtLeastAsUpToDate(prePrepareMatrix.row(i), proofMatrix.row(i))) {
                return false;
            }
        }
        return true;
    }

    /** True if the two matrices carry the same vectors (signatures aside). */
    public static boolean sameVectors(PoAruMatrix a, PoAruMatrix b) {
        for (int i = 0; i < a.size(); i++) {
            PoAru x = a.row(i);
            PoAru y = b.row(i);
            boolean xNull = x == null || isNullVector(x);
            boolean yNull = y == null || isNullVector(y);
            if (xNull != yNull) {
                return false;
            }
            if (!xNull && !x.vector().equals(y.vector())) {
                return false;
            }
        }
        return true;
    }

    static boolean isNullVector(PoAru a) {
        for (int j = 0; j < a.vector().size(); j++) {
            if (a.vector().get(j) != 0) {
                return false;
            }
        }
        return true;
    }
}
