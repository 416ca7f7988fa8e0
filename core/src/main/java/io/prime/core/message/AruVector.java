package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.Arrays;

/**
 * The vector carried by a PO-ARU: entry o is the highest preorder sequence number n such that the sender holds
 * preorder-certificates for all (o, j), j <= n (paper §4.1). Immutable. The relations are those of Fig. 1, item 1.
 */
public final class AruVector {
    private final long[] entries;

    private AruVector(long[] entries) {
        this.entries = entries;
    }

    public static AruVector of(long... entries) {
        for (long e : entries) {
            if (e < 0) {
                throw new IllegalArgumentException("ARU entries are >= 0");
            }
        }
        return new AruVector(entries.clone());
    }

    public static AruVector zeros(int n) {
        return new AruVector(new long[n]);
    }

    public int size() {
        return entries.length;
    }

    public long get(int origin) {
        return entries[origin];
    }

    public long[] toArray() {
        return entries.clone();
    }

    /** Fig. 1, item 1: {@code this} is at least as up-to-date as {@code other} when every entry is >=. */
    public boolean atLeastAsUpToDateAs(AruVector other) {
        requireSameSize(other);
        for (int j = 0; j < entries.length; j++) {
            if (entries[j] < other.entries[j]) {
                return false;
            }
        }
        return true;
    }

    /** Fig. 1, item 1: at least as up-to-date and strictly greater somewhere. */
    public boolean moreUpToDateThan(AruVector other) {
        return atLeastAsUpToDateAs(other) && !Arrays.equals(entries, other.entries);
    }

    /** Fig. 1, item 1: consistent when one of the two is at least as up-to-date as the other. */
    public boolean consistentWith(AruVector other) {
        return atLeastAsUpToDateAs(other) || other.atLeastAsUpToDateAs(this);
    }

    private void requireSameSize(AruVector other) {
        if (other.entries.length != entries.length) {
            throw new IllegalArgumentException("ARU vectors of different sizes: " + entries.length + " and " + other.entries.length);
        }
    }

    void encode(WireWriter w) {
        for (long e : entries) {
            w.i64(e);
        }
    }

    static AruVector decode(WireReader r, int n) throws MalformedFrameException {
        long[] entries = new long[n];
        for (int i = 0; i < n; i++) {
            entries[i] = r.nonNegative("aru entry");
        }
        return new AruVector(entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AruVector v && Arrays.equals(entries, v.entries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return Arrays.toString(entries);
    }
}
