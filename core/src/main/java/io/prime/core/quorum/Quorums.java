package io.prime.core.quorum;

import java.util.Arrays;

/**
 * Pure order-statistics used by the protocol's quorum rules, tested against brute-force versions
 * (etcd raft's {@code quorum/} package is the model).
 */
public final class Quorums {
    private Quorums() {
    }

    /**
     * The k-th highest value (k = 1 is the maximum). "At least k servers report a value >= x" holds exactly for
     * x <= kthHighest(values, k).
     */
    public static long kthHighest(long[] values, int k) {
        if (k < 1 || k > values.length) {
            throw new IllegalArgumentException("k=" + k + " outside 1.." + values.length);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - k];
    }

    /** The k-th lowest value (k = 1 is the minimum). */
    public static long kthLowest(long[] values, int k) {
        if (k < 1 || k > values.length) {
            throw new IllegalArgumentException("k=" + k + " outside 1.." + values.length);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[k - 1];
    }

    /** Number of bits set in a replica mask. */
    public static int count(long mask) {
        return Long.bitCount(mask);
    }
}
