package io.prime.core.preorder;

import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;

/**
 * Last_PO_Aru[] (paper §4.1): the most up-to-date, consistent PO-ARU received from each server, whether it came
 * directly or inside a PROOF-MATRIX or PRE-PREPARE. The leader's PRE-PREPARE carries this vector as its proof matrix.
 * Two inconsistent PO-ARUs from one server are proof that it is faulty (§4.2, Blacklisting); they are handed to the
 * {@link InconsistencyListener}.
 */
public final class LastPoAru {
    public enum Offer {
        /** More up-to-date than what we had: now stored. */
        ADOPTED,
        /** Consistent but not more up-to-date: nothing changes. */
        NOT_NEWER,
        /** Neither is at least as up-to-date as the other: proof of misbehaviour. */
        INCONSISTENT,
        /** The sender is blacklisted: its row stays as it was when it was blacklisted (§4.2). */
        FROZEN
    }

    /** Receives pairs of inconsistent PO-ARUs signed by the same server. */
    @FunctionalInterface
    public interface InconsistencyListener {
        void inconsistent(PoAru stored, PoAru offered);
    }

    private final PoAru[] rows;
    private long frozenMask;
    private InconsistencyListener listener = (a, b) -> { };
    private PoAruMatrix cached;
    private long version;

    public LastPoAru(int n) {
        this.rows = new PoAru[n];
    }

    public void setInconsistencyListener(InconsistencyListener listener) {
        this.listener = listener;
    }

    /**
     * Freezes server {@code i}'s row: once blacklisted (§4.2), its PO-ARUs are no longer adopted. The row keeps its
     * last consistent value, which every later PRE-PREPARE of a correct leader repeats (so the validity chain holds).
     * With at most f faulty servers, 2f+1 correct rows still make every correct server's updates eligible.
     */
    public void freeze(int i) {
        frozenMask |= 1L << i;
    }

    public long frozenMask() {
        return frozenMask;
    }

    /** Offers a PO-ARU whose signature has been verified. */
    public Offer offer(PoAru a) {
        int i = a.sender();
        if ((frozenMask & (1L << i)) != 0) {
            return Offer.FROZEN;
        }
        PoAru current = rows[i];
        if (current == null) {
            store(i, a);
            return Offer.ADOPTED;
        }
        if (!a.consistentWith(current)) {
            listener.inconsistent(current, a);
            return Offer.INCONSISTENT;
        }
        if (a.moreUpToDateThan(current)) {
            store(i, a);
            return Offer.ADOPTED;
        }
        return Offer.NOT_NEWER;
    }

    /** Offers every row of a verified matrix; returns true if anything was adopted. */
    public boolean offerAll(PoAruMatrix matrix) {
        boolean changed = false;
        for (int i = 0; i < matrix.size(); i++) {
            PoAru row = matrix.row(i);
            if (row != null && offer(row) == Offer.ADOPTED) {
                changed = true;
            }
        }
        return changed;
    }

    private void store(int i, PoAru a) {
        rows[i] = a;
        cached = null;
        version++;
    }

    public PoAru row(int i) {
        return rows[i];
    }

    /** Last_PO_Aru[server][origin], 0 if nothing received from that server. */
    public long entry(int server, int origin) {
        PoAru row = rows[server];
        return row == null ? 0 : row.vector().get(origin);
    }

    /** The whole vector as a proof matrix. */
    public PoAruMatrix matrix() {
        PoAruMatrix m = cached;
        if (m == null) {
            m = PoAruMatrix.of(rows);
            cached = m;
        }
        return m;
    }

    /** Increases every time a row changes; lets senders tell whether there is anything new. */
    public long version() {
        return version;
    }
}
