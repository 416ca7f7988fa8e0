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
    /** PO-REQUEST, PO-ACK, PO-ARU. */
    PREORDER,
    /** Erasure-coded RECONCILIATION parts and catch-up transfers. */
    RECONCILIATION,
    /** REPLY to clients (client links). */
    CLIENT
}
