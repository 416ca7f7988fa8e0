package io.prime.core.message;

import io.prime.core.codec.WireLimits;

/** Range checks shared by the message records, so the encoder never silently truncates a value. */
final class Ids {
    private Ids() {
    }

    static int replica(int id, String field) {
        if (id < 0 || id >= WireLimits.MAX_REPLICAS) {
            throw new IllegalArgumentException(field + " " + id + " is not a replica id (0.." + (WireLimits.MAX_REPLICAS - 1) + ")");
        }
        return id;
    }

    static long client(long id) {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("client id must fit in 32 bits: " + id);
        }
        return id;
    }

    static long nonNegative(long v, String field) {
        if (v < 0) {
            throw new IllegalArgumentException(field + " must be >= 0: " + v);
        }
        return v;
    }

    /** A non-empty replica set (bit j for replica j). */
    static long mask(long mask) {
        if (mask == 0) {
            throw new IllegalArgumentException("a replica set must not be empty");
        }
        return mask;
    }

    /** A replica set read from the wire: non-empty, only replicas below {@code replicaCount}. */
    static long mask(long mask, int replicaCount) throws io.prime.core.codec.MalformedFrameException {
        long allowed = replicaCount == 64 ? -1L : (1L << replicaCount) - 1;
        if (mask == 0 || (mask & ~allowed) != 0) {
            throw new io.prime.core.codec.MalformedFrameException(io.prime.core.codec.MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "replica set " + Long.toHexString(mask) + " outside 0.." + (replicaCount - 1));
        }
        return mask;
    }

    static long positive(long v, String field) {
        if (v < 1) {
            throw new IllegalArgumentException(field + " must be >= 1: " + v);
        }
        return v;
    }
}
