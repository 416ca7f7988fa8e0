package io.prime.core.crypto;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Merkle batch authenticators: every proof recomputes the root, and nothing else does. */
class MerkleTreeTest {
    private final Hasher hasher = new Hasher();

    private static int[] sizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(127, 128, 129, 256)).toArray();
    }

    private List<Digest> leaves(int n, SplittableRandom r) {
        List<Digest> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[8];
            r.nextBytes(b);
            leaves.add(hasher.digest(DomainTag.MERKLE_LEAF, b, 0, b.length));
        }
        return leaves;
    }

    private static Digest flipBit(Digest d, int bit) {
        byte[] b = d.toByteArray();
        b[bit >>> 3] ^= (byte) (1 << (bit & 7));
        return Digest.of(b);
    }

    @Test
    void depthIsCeilLog2() {
        for (int n : sizes()) {
            int expected = (int) Math.ceil(Math.log(n) / Math.log(2));
            assertEquals(expected, MerkleTree.depthFor(n), "n=" + n);
            assertEquals(expected, MerkleTree.build(leaves(n, new SplittableRandom(n)), hasher).depth(), "n=" + n);
        }
        assertEquals(16, MerkleTree.depthFor(1 << 16));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.depthFor((1 << 16) + 1));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.depthFor(0));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.build(List.of(), hasher));
    }

    @Test
    void everyProofRecomputesTheRoot() {
        for (int n : sizes()) {
            List<Digest> leaves = leaves(n, new SplittableRandom(1000 + n));
            MerkleTree tree = MerkleTree.build(leaves, hasher);
            for (int i = 0; i < n; i++) {
                Digest[] proof = tree.proof(i);
                assertEquals(tree.depth(), proof.length);
                assertEquals(tree.root(), MerkleTree.rootFromProof(leaves.get(i), i, proof, hasher), "n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void aBatchOfOneSignsItsLeaf() {
        Digest leaf = leaves(1, new SplittableRandom(1)).get(0);
        MerkleTree tree = MerkleTree.build(List.of(leaf), hasher);
        assertEquals(0, tree.depth());
        assertEquals(leaf, tree.root());
        assertArrayEquals(new Digest[0], tree.proof(0));
    }

    @Test
    void wrongLeafWrongIndexOrChangedSiblingFails() {
        SplittableRandom r = new SplittableRandom(77);
        for (int n : sizes()) {
            List<Digest> leaves = leaves(n, r);
            MerkleTree tree = MerkleTree.build(leaves, hasher);
            Digest root = tree.root();
            int width = 1 << tree.depth();
            for (int i = 0; i < n; i++) {
                Digest leaf = leaves.get(i);
                Digest[] proof = tree.proof(i);
                // Another leaf of the batch, a one-bit change, and an unrelated digest.
                if (n > 1) {
                    Digest other = leaves.get((i + 1 + r.nextInt(n - 1)) % n);
                    assertNotEquals(root, MerkleTree.rootFromProof(other, i, proof, hasher), "n=" + n + " i=" + i);
                }
                assertNotEquals(root, MerkleTree.rootFromProof(flipBit(leaf, r.nextInt(256)), i, proof, hasher));
                // Every other index in the tree (padding positions included).
                for (int j = 0; j < width; j++) {
                    if (j != i) {
                        assertNotEquals(root, MerkleTree.rootFromProof(leaf, j, proof, hasher), "n=" + n + " i=" + i + " j=" + j);
                    }
                }
                // Each sibling changed in one bit, and each replaced by the zero digest.
                for (int d = 0; d < proof.length; d++) {
                    Digest[] changed = proof.clone();
                    changed[d] = flipBit(proof[d], r.nextInt(256));
                    assertNotEquals(root, MerkleTree.rootFromProof(leaf, i, changed, hasher), "n=" + n + " i=" + i + " d=" + d);
                    changed[d] = proof[d].equals(Digest.ZERO) ? flipBit(Digest.ZERO, 0) : Digest.ZERO;
                    assertNotEquals(root, MerkleTree.rootFromProof(leaf, i, changed, hasher));
                }
                // A proof that is one level too short or too long.
                if (proof.length > 0) {
                    Digest[] shorter = java.util.Arrays.copyOf(proof, proof.length - 1);
                    assertNotEquals(root, MerkleTree.rootFromProof(leaf, i & ((1 << shorter.length) - 1), shorter, hasher));
                }
                if (proof.length < MerkleTree.MAX_DEPTH) {
                    Digest[] longer = java.util.Arrays.copyOf(proof, proof.length + 1);
                    longer[proof.length] = Digest.ZERO;
                    assertNotEquals(root, MerkleTree.rootFromProof(leaf, i, longer, hasher));
                }
            }
        }
    }

    @Test
    void proofOutsideTheTreeIsRefused() {
        MerkleTree tree = MerkleTree.build(leaves(5, new SplittableRandom(5)), hasher);
        assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(8));
        assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(-1));
        Digest leaf = Digest.ZERO;
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.rootFromProof(leaf, 8, tree.proof(0), hasher));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.rootFromProof(leaf, -1, tree.proof(0), hasher));
        assertThrows(IllegalArgumentException.class,
                () -> MerkleTree.rootFromProof(leaf, 0, new Digest[MerkleTree.MAX_DEPTH + 1], hasher));
    }

    /** Leaves and inner nodes are hashed under different tags, so the same bytes never give the same digest. */
    @Test
    void leafAndNodeDomainsDiffer() {
        Digest a = leaves(1, new SplittableRandom(1)).get(0);
        Digest b = leaves(1, new SplittableRandom(2)).get(0);
        byte[] concat = new byte[2 * Digest.LENGTH];
        a.copyTo(concat, 0);
        b.copyTo(concat, Digest.LENGTH);
        assertNotEquals(hasher.digest(DomainTag.MERKLE_NODE, a, b), hasher.digest(DomainTag.MERKLE_LEAF, concat, 0, concat.length));
        assertEquals(hasher.digest(DomainTag.MERKLE_NODE, a, b), hasher.digest(DomainTag.MERKLE_NODE, concat, 0, concat.length));
    }
}
