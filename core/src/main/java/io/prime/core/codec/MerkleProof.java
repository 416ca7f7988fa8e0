package io.prime.core.codec;

import io.prime.core.crypto.Digest;

import java.util.Arrays;

/**
 * The authenticator of a batch-signed frame: the message's leaf index in its batch, the sibling digests up to the
 * root, and the sender's signature on the root. A batch of one has depth 0 and signs its own leaf.
 */
public record MerkleProof(int leafIndex, Digest[] siblings, byte[] signature) {
    public MerkleProof {
        siblings = siblings.clone();
    }

    @Override
    public Digest[] siblings() {
        return siblings.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public int depth() {
        return siblings.length;
    }

    /** Encoded size in bytes. */
    public int encodedLength() {
        return 1 + 4 + siblings.length * Digest.LENGTH + 2 + signature.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerkleProof p && leafIndex == p.leafIndex && Arrays.equals(siblings, p.siblings)
                && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return leafIndex * 31 + Arrays.hashCode(signature);
    }
}
