package io.prime.core.crypto;

import java.util.Map;

/**
 * A (k, n) threshold signature scheme: any k of the n replicas' partial signatures on the same data combine into
 * one signature that verifies against the group public key. Used for the VC-PROOF of the view change (§5.3).
 * Implementation: BLS12-381 in prime-crypto. Unlike the original Prime, every partial signature is verified
 * against its signer's public share before it is combined, so one bad share cannot spoil a proof.
 */
public interface ThresholdScheme {
    /** Number of partial signatures needed (2f+1 for the VC-PROOF). */
    int threshold();

    /** Number of shares (N). */
    int shareCount();

    int partialSignatureLength();

    int signatureLength();

    /** Checks a partial signature from replica {@code signer} (0-based) against that replica's public share. */
    boolean verifyPartial(int signer, byte[] data, byte[] partialSignature);

    /**
     * Combines exactly {@link #threshold()} already-verified partial signatures keyed by 0-based replica id.
     * Throws IllegalArgumentException if the count is wrong or a partial is malformed.
     */
    byte[] combine(Map<Integer, byte[]> partialSignatures);

    /**
     * Combines partial signatures on {@code data}. Callers use this form: BLS combines without looking at the data
     * (the default), the simulator's stand-in needs it.
     */
    default byte[] combine(byte[] data, Map<Integer, byte[]> partialSignatures) {
        return combine(partialSignatures);
    }

    /** Verifies a combined signature against the group public key. */
    boolean verify(byte[] data, byte[] signature);

    /** Signs with this replica's own share. */
    interface ShareSigner {
        int replica();

        byte[] partialSign(byte[] data);
    }
}
