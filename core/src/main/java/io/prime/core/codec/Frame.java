package io.prime.core.codec;

import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

/**
 * A message together with its exact wire bytes and authenticator. Frames are forwarded as they were received (a
 * flooded PRE-PREPARE keeps the leader's signature), so the bytes are kept. Immutable.
 *
 * <p>The <em>content digest</em> of a message is the digest of its header and body, tagged as a Merkle leaf; it is
 * both the leaf of its signing batch and D(m) wherever another message refers to it (PO-ACK, PREPARE, COMMIT).
 */
public final class Frame {
    private final byte[] bytes;
    private final int signedLength;
    private final Message message;
    private final MerkleProof proof;
    Digest contentDigest; // set by the batch signer, which already computed it
    Digest merkleRoot;    // set by the batch signer, or by the first verifier that recomputed it
    private final boolean bytesMatchMessage;

    Frame(byte[] bytes, int signedLength, Message message, MerkleProof proof) {
        this(bytes, signedLength, message, proof, true);
    }

    Frame(byte[] bytes, int signedLength, Message message, MerkleProof proof, boolean bytesMatchMessage) {
        this.bytes = bytes;
        this.signedLength = signedLength;
        this.message = message;
        this.proof = proof;
        this.bytesMatchMessage = bytesMatchMessage;
    }

    /**
     * True when this frame's bytes are the canonical encoding of its message and authenticator (every frame the codec
     * decoded, signed or assembled); false only for {@link FrameCodec#unchecked} fault-injection frames, whose bytes
     * must be decoded to learn what they are.
     */
    public boolean bytesMatchMessage() {
        return bytesMatchMessage;
    }

    public Message message() {
        return message;
    }

    public MessageKind kind() {
        return message.kind();
    }

    /** The Merkle authenticator, or null for self-signed kinds. */
    public MerkleProof proof() {
        return proof;
    }

    /** Total size on the wire. */
    public int length() {
        return bytes.length;
    }

    /** The wire bytes. Callers must not modify the array. */
    public byte[] bytes() {
        return bytes;
    }

    /** Header and body: the bytes whose digest is the content digest. */
    public int signedLength() {
        return signedLength;
    }

    /** D(m): computed once, then cached (frames are confined to one thread at a time). */
    public Digest contentDigest(Hasher hasher) {
        Digest d = contentDigest;
        if (d == null) {
            d = hasher.digest(DomainTag.MERKLE_LEAF, bytes, 0, signedLength);
            contentDigest = d;
        }
        return d;
    }

    /** Frames are equal when their bytes are: same message, same authenticator. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && java.util.Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    /** The root of this frame's signing batch, recomputed from its leaf and proof once and then kept. */
    public Digest merkleRoot(Hasher hasher) {
        Digest r = merkleRoot;
        if (r == null) {
            r = io.prime.core.crypto.MerkleTree.rootFromProof(contentDigest(hasher), proof.leafIndex(), proof.siblings(), hasher);
            merkleRoot = r;
        }
        return r;
    }

    @Override
    public String toString() {
        return message.toString();
    }
}
