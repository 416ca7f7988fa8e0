package io.prime.core.crypto;

import java.util.List;

/**
 * A binary Merkle tree over a batch of leaf digests, padded to a power of two with {@link Digest#ZERO} leaves.
 * Servers sign only the root of each batch of outgoing messages, as the original Prime does; every message carries its
 * leaf index and the sibling digests from its leaf up to the root, so it verifies on its own and can be forwarded
 * (PRE-PREPARE flooding, certificates in the view change) without the rest of its batch.
 *
 * <p>Inner node: {@code H(MERKLE_NODE || left || right)}. The path of leaf {@code i} is read from the bits of
 * {@code i}, lowest bit first: bit 0 means this node is a left child.
 */
public final class MerkleTree {
    /** Largest supported batch: 2^16 messages. Frames with longer proofs are rejected by the decoder. */
    public static final int MAX_DEPTH = 16;

    private final Digest[][] levels; // levels[0] = padded leaves, levels[depth] = {root}

    private MerkleTree(Digest[][] levels) {
        this.levels = levels;
    }

    public static MerkleTree build(List<Digest> leaves, Hasher hasher) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle batch needs at least one leaf");
        }
        int depth = depthFor(leaves.size());
        Digest[][] levels = new Digest[depth + 1][];
        int width = 1 << depth;
        Digest[] level = new Digest[width];
        for (int i = 0; i < width; i++) {
            level[i] = i < leaves.size() ? leaves.get(i) : Digest.ZERO;
        }
        levels[0] = level;
        for (int d = 1; d <= depth; d++) {
            Digest[] below = levels[d - 1];
            Digest[] above = new Digest[below.length / 2];
            for (int i = 0; i < above.length; i++) {
                above[i] = hasher.digest(DomainTag.MERKLE_NODE, below[2 * i], below[2 * i + 1]);
            }
            levels[d] = above;
        }
        return new MerkleTree(levels);
    }

    /** Smallest depth d with 2^d >= leafCount. */
    public static int depthFor(int leafCount) {
        if (leafCount <= 0) {
            throw new IllegalArgumentException("leafCount must be positive");
        }
        int depth = 32 - Integer.numberOfLeadingZeros(leafCount - 1);
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("batch of " + leafCount + " exceeds 2^" + MAX_DEPTH + " messages");
        }
        return depth;
    }

    public int depth() {
        return levels.length - 1;
    }

    public Digest root() {
        return levels[levels.length - 1][0];
    }

    /** Sibling digests from leaf {@code index} up to (not including) the root. */
    public Digest[] proof(int index) {
        if (index < 0 || index >= levels[0].length) {
            throw new IndexOutOfBoundsException(index);
        }
        Digest[] siblings = new Digest[depth()];
        int position = index;
        for (int d = 0; d < siblings.length; d++) {
            siblings[d] = levels[d][position ^ 1];
            position >>>= 1;
        }
        return siblings;
    }

    /** Recomputes the root from a leaf and its proof. The caller then checks the signature on that root. */
    public static Digest rootFromProof(Digest leaf, int index, Digest[] siblings, Hasher hasher) {
        if (siblings.length > MAX_DEPTH || index < 0 || (siblings.length < 31 && index >= (1 << siblings.length))) {
            throw new IllegalArgumentException("leaf index " + index + " does not fit a proof of depth " + siblings.length);
        }
        Digest node = leaf;
        int position = index;
        for (Digest sibling : siblings) {
            node = (position & 1) == 0
                    ? hasher.digest(DomainTag.MERKLE_NODE, node, sibling)
                    : hasher.digest(DomainTag.MERKLE_NODE, sibling, node);
            position >>>= 1;
        }
        return node;
    }
}
