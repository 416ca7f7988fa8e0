package io.prime.core.edge;

import io.prime.core.crypto.Digest;

/**
 * Remembers signatures already verified, keyed by a digest of (what was signed, who signed, the signature), so a
 * flooded PRE-PREPARE, a PO-ARU copied into many proof matrices, or the rest of a Merkle batch costs a hash, not a
 * verification. Implementations bound their size. The core's is single-threaded; the runtime supplies a concurrent one.
 */
public interface VerificationCache {
    boolean contains(Digest key);

    void add(Digest key);
}
