package io.prime.core;

/**
 * Why a correct replica dropped or refused a message. Every drop is counted by reason (TigerBeetle's
 * {@code ignore_xxx} discipline): bad input changes nothing but a counter.
 */
public enum RejectReason {
    /** Bytes that do not decode to a frame (truncated, trailing bytes, unknown type or version, bad field). */
    MALFORMED("malformed"),
    /** A frame or field larger than the configured bound. */
    OVERSIZED("oversized"),
    /** A signature (batch root, PO-ARU, client update, certificate member) that does not verify. */
    BAD_SIGNATURE("bad_signature"),
    /** Content whose digest does not match the digest it was bound to. */
    BAD_DIGEST("bad_digest"),
    /** Signed by or claiming to come from a principal that is not in the configuration. */
    NOT_A_MEMBER("not_a_member"),
    /** A message whose sender has no business sending it (a PRE-PREPARE not from the view's leader...). */
    WRONG_SENDER("wrong_sender"),
    /** For a view, sequence number or preorder slot that is already settled. */
    STALE("stale"),
    /** Too far ahead of what this replica has executed to be kept (bounded memory). */
    OUT_OF_WINDOW("out_of_window"),
    /** Already received: harmless, counted so floods are visible. */
    DUPLICATE("duplicate"),
    /** Conflicts with something the same sender signed before (equivocation, inconsistent PO-ARUs). */
    INCONSISTENT("inconsistent"),
    /** Fails a protocol validity rule (a PRE-PREPARE whose matrix is older than its predecessor's...). */
    INVALID("invalid"),
    /** From a blacklisted server (§4.2). */
    BLACKLISTED("blacklisted"),
    /** A message kind this replica does not accept on this path (a REPLY sent to a replica...). */
    UNEXPECTED("unexpected");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    /** The snake_case name used in JSON and metrics. */
    public String label() {
        return label;
    }
}
