package io.prime.core.order;

import io.prime.core.codec.Frame;
import io.prime.core.crypto.Digest;
import io.prime.core.message.PrePrepare;

/** The global ordering state of one sequence number in the current view. */
final class OrderSlot {
    final long seq;
    Frame prePrepareFrame;
    PrePrepare prePrepare;
    Digest prePrepareDigest;
    /** The PRE-PREPARE passed the validity check against its predecessor (§4.1). */
    boolean validated;
    /** The PRE-PREPARE failed the validity check: this replica will not prepare it. */
    boolean invalid;
    final VoteSet prepares;
    final VoteSet commits;
    boolean sentPrepare;
    boolean sentCommit;
    /** Digest with 2f+1 matching COMMITs: globally ordered. */
    Digest orderedDigest;
    /** The commit certificate this slot was ordered by, when it came whole (catch-up, restart) rather than vote by vote. */
    io.prime.core.message.OrderCertificate installedCertificate;
    /** Bound to a no-op by a view change's replay (§5.3): ordered, nothing to execute. */
    boolean noop;
    /** Progress marker for retransmission: what this slot looked like at the previous check. */
    int progressAtLastCheck = -1;

    OrderSlot(long seq, int n) {
        this.seq = seq;
        this.prepares = new VoteSet(n);
        this.commits = new VoteSet(n);
    }

    boolean ordered() {
        return orderedDigest != null || noop;
    }

    /** Ordered and holding the PRE-PREPARE that was ordered (or a no-op): ready for execution. */
    boolean executable() {
        return noop || (orderedDigest != null && prePrepareDigest != null && orderedDigest.equals(prePrepareDigest));
    }

    int progress() {
        return (prePrepare != null ? 1 : 0) + (sentPrepare ? 2 : 0) + (sentCommit ? 4 : 0) + (ordered() ? 8 : 0);
    }
}
