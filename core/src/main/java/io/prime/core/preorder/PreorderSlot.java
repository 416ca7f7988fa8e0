package io.prime.core.preorder;

import io.prime.core.crypto.Digest;
import io.prime.core.message.PoRequest;

/**
 * What one server knows about preorder identifier (o, s): the PO-REQUEST if received, the PO-ACKs received for it
 * (by digest), whether it has a preorder-certificate (the request and 2f matching acknowledgements, §4.1) and whether
 * it has been executed.
 */
final class PreorderSlot {
    final long poSeq;
    PoRequest request;
    /** Header and body of the PO-REQUEST: the bytes its digest covers and reconciliation encodes. */
    byte[] encoded;
    Digest digest;
    /** True once the request's digest is known to be the certified one (certificate, or reconciliation). */
    boolean digestCertified;
    boolean certified;
    boolean executed;
    /** The digest this server acknowledged, if any: a correct server acknowledges one digest per slot. */
    Digest ownAck;
    /**
     * Acknowledgements grouped by digest. Each sender is recorded at most once, so there are at most N groups; a
     * slot almost always has exactly one.
     */
    private Digest[] ackDigests = new Digest[1];
    private long[] ackMasks = new long[1];
    private int ackGroups;
    private long ackersMask;

    PreorderSlot(long poSeq) {
        this.poSeq = poSeq;
    }

    enum AckResult { NEW, DUPLICATE, CONFLICT }

    /**
     * Records that {@code sender} acknowledged digest {@code d}. A sender that acknowledges two digests for one slot
     * is equivocating; its second acknowledgement is refused.
     */
    AckResult addAck(int sender, Digest d) {
        long bit = 1L << sender;
        int group = groupOf(d);
        if ((ackersMask & bit) != 0) {
            return group >= 0 && (ackMasks[group] & bit) != 0 ? AckResult.DUPLICATE : AckResult.CONFLICT;
        }
        if (group < 0) {
            if (ackGroups == ackDigests.length) {
                ackDigests = java.util.Arrays.copyOf(ackDigests, ackGroups * 2);
                ackMasks = java.util.Arrays.copyOf(ackMasks, ackGroups * 2);
            }
            group = ackGroups++;
            ackDigests[group] = d;
        }
        ackMasks[group] |= bit;
        ackersMask |= bit;
        return AckResult.NEW;
    }

    private int groupOf(Digest d) {
        for (int g = 0; g < ackGroups; g++) {
            if (ackDigests[g].equals(d)) {
                return g;
            }
        }
        return -1;
    }

    /** Servers that acknowledged digest {@code d}. */
    long ackMask(Digest d) {
        if (d == null) {
            return 0;
        }
        int group = groupOf(d);
        return group < 0 ? 0 : ackMasks[group];
    }
}
