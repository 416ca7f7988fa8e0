package io.prime.core.crypto;

/**
 * One-byte tags put in front of everything that is hashed or signed, so that bytes signed for one purpose can never
 * be replayed as bytes for another (a Merkle root is never a PO-ARU, a leaf is never an inner node).
 */
public final class DomainTag {
    private DomainTag() {
    }

    /**
     * A Merkle leaf: the digest of one message's header and body. It doubles as the message's content digest D(m),
     * which PO-ACKs, PREPAREs and COMMITs name.
     */
    public static final byte MERKLE_LEAF = 0x00;
    /** An inner Merkle node: H(tag, left, right). */
    public static final byte MERKLE_NODE = 0x01;
    /** The signed root of a batch of server messages. */
    public static final byte MERKLE_ROOT_SIGNATURE = 0x10;
    /** A PO-ARU's own signature, which must verify outside any batch (it is copied into proof matrices). */
    public static final byte PO_ARU_SIGNATURE = 0x11;
    /** A client's signature on its UPDATE. */
    public static final byte CLIENT_UPDATE_SIGNATURE = 0x12;
    /** A threshold-signed view change proof (VC-PROOF, §5.3). */
    public static final byte VC_PROOF = 0x14;
    /** The handshake that binds a connection to a replica identity (runtime). */
    public static final byte HANDSHAKE = 0x15;
    /** Digest of an encoded checkpoint state (what CHECKPOINT messages agree on). */
    public static final byte CHECKPOINT_STATE = 0x16;

    /** The 33 bytes actually signed: {@code tag || digest}. */
    public static byte[] signedBytes(byte tag, Digest digest) {
        byte[] out = new byte[1 + Digest.LENGTH];
        out[0] = tag;
        digest.copyTo(out, 1);
        return out;
    }
}
