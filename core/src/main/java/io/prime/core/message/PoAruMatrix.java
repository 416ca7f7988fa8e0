package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.Arrays;

/**
 * A proof matrix (paper §4.1): a vector of N PO-ARU messages where entry i, if present, was signed by server i, or
 * is null ("a null vector of length |R|": server i has acknowledged nothing yet). Carried by PROOF-MATRIX and
 * PRE-PREPARE messages. Immutable.
 */
public final class PoAruMatrix {
    private final PoAru[] rows;

    private PoAruMatrix(PoAru[] rows) {
        this.rows = rows;
    }

    /** Builds a matrix; {@code rows[i]} must be null or signed by server i. */
    public static PoAruMatrix of(PoAru[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null && rows[i].sender() != i) {
                throw new IllegalArgumentException("row " + i + " holds a PO-ARU from server " + rows[i].sender());
            }
        }
        return new PoAruMatrix(rows.clone());
    }

    public static PoAruMatrix empty(int n) {
        return new PoAruMatrix(new PoAru[n]);
    }

    public int size() {
        return rows.length;
    }

    /** The PO-ARU of server i, or null. */
    public PoAru row(int i) {
        return rows[i];
    }

    /** pm[i][o], with a missing row read as the null vector (all zeros). */
    public long entry(int i, int origin) {
        PoAru row = rows[i];
        return row == null ? 0 : row.vector().get(origin);
    }

    public PoAru[] rows() {
        return rows.clone();
    }

    /** Writes the matrix as inside a PRE-PREPARE (for checkpoint state and durable records). */
    public void encodeTo(WireWriter w) {
        encode(w);
    }

    /** Reads a matrix written by {@link #encodeTo}. */
    public static PoAruMatrix decodeFrom(WireReader r, WireLimits limits) throws MalformedFrameException {
        return decode(r, limits);
    }

    void encode(WireWriter w) {
        for (PoAru row : rows) {
            w.bool(row != null);
            if (row != null) {
                row.encodeBody(w);
            }
        }
    }

    static PoAruMatrix decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int n = limits.replicaCount();
        PoAru[] rows = new PoAru[n];
        for (int i = 0; i < n; i++) {
            if (r.bool("matrix row present")) {
                PoAru row = PoAru.decode(r, limits);
                if (row.sender() != i) {
                    throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                            "matrix row " + i + " holds a PO-ARU from server " + row.sender());
                }
                rows[i] = row;
            }
        }
        return new PoAruMatrix(rows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoAruMatrix m && Arrays.equals(rows, m.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rows);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows.length; i++) {
            sb.append(i == 0 ? "" : " ").append(rows[i] == null ? "-" : rows[i].vector().toString());
        }
        return sb.append(']').toString();
    }
}
