package io.prime.core.message;

/** How a frame of a given kind is authenticated. */
public enum AuthKind {
    /** The body carries its own signature (client UPDATE, PO-ARU): the frame has no authenticator. */
    SELF_SIGNED,
    /** The frame carries a Merkle-batch authenticator signed by {@link Message#batchSigner()}. */
    MERKLE_BATCH,
    /**
     * No authenticator: the message only ever travels inside another one that vouches for it (a REPORT or PC-SET
     * inside a reliable-broadcast message, §5.3). The edge refuses it standalone.
     */
    CARRIED
}
