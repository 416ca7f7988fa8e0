package io.prime.core.traffic;

/**
 * The classes of outgoing traffic a server keeps apart (paper §4.1 "Reconciliation", §4.2): global ordering and
 * SUSPECT-LEADER messages go first so the leader can always be judged fairly; preordering next; reconciliation is
 * limited to a configured share of the server's outgoing bandwidth so it can never starve ordering. Client replies
 * travel on client links, outside the server-to-server bandwidth budget.
 */
public enum TrafficClass {
    /** PRE-PREPARE, PREPARE, COMMIT, PROOF-MATRIX, SUSPECT-LEADER, view change. */
    ORDERING,
    /**
     * PO-ACK and PO-ARU: small, latency-critical preordering messages. Kept ahead of bulk PO-REQUESTs so that a
     * server's acknowledgements of other servers' updates never wait behind its own large requests (in the simulator
     * at the paper's profile this alone moved the 4-server plateau from about 970 to about 1370 updates/s).
     */
    PREORDER_CONTROL,
    /** PO-REQUEST: the update data itself. */
    PREORDER,
    /** Erasure-coded RECONCILIATION parts and catch-up transfers. */
    RECONCILIATION,
    /** REPLY to clients (client links). */
    CLIENT
}
