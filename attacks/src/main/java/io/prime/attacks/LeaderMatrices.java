package io.prime.attacks;

import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;

/** Matrix surgery shared by the leader attacks that forge PRE-PREPAREs. */
final class LeaderMatrices {
    private LeaderMatrices() {
    }

    /** Whether two rows carry the same vector (a missing row reads as the null vector). */
    static boolean sameRow(PoAru a, PoAru b) {
        boolean aNull = a == null || a.vector().equals(io.prime.core.message.AruVector.zeros(a.vector().size()));
        boolean bNull = b == null || b.vector().equals(io.prime.core.message.AruVector.zeros(b.vector().size()));
        if (aNull || bNull) {
            return aNull == bNull;
        }
        return a.vector().equals(b.vector());
    }

    /** The rows in which {@code a} and {@code b} differ, as a mask. */
    static long differingRows(PoAruMatrix a, PoAruMatrix b) {
        long mask = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!sameRow(a.row(i), b.row(i))) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** {@code base} with row {@code i} taken from {@code from}. */
    static PoAruMatrix withRow(PoAruMatrix base, int i, PoAruMatrix from) {
        PoAru[] rows = base.rows();
        rows[i] = from.row(i);
        return PoAruMatrix.of(rows);
    }
}
