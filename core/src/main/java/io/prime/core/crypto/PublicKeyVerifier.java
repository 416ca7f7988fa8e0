package io.prime.core.crypto;

/** Verifies signatures made with one public key. Implementations must be thread-safe. */
public interface PublicKeyVerifier {
    boolean verify(byte[] data, int offset, int length, byte[] signature);

    default boolean verify(byte[] data, byte[] signature) {
        return verify(data, 0, data.length, signature);
    }
}
