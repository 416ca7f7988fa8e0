package io.prime.core.crypto;

/**
 * Signs with one private key. Implementations are deterministic (Ed25519 is) so that a simulated run replays
 * bit for bit. Not required to be thread-safe.
 */
public interface Signer {
    /** Length in bytes of every signature this signer produces. */
    int signatureLength();

    byte[] sign(byte[] data, int offset, int length);

    default byte[] sign(byte[] data) {
        return sign(data, 0, data.length);
    }
}
