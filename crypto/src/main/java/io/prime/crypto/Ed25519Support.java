package io.prime.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Objects;

/**
 * Checks shared by every Ed25519 implementation, so that all of them accept exactly the same keys and reject the same
 * malformed signatures. In a BFT system two correct replicas must never disagree about whether a signature is valid:
 * "Taming the many EdDSAs" (Chalkias et al., 2020) shows libraries that differ on non-canonical scalars and
 * small-order keys. We therefore decide those edge cases here, once, before any provider sees the input.
 */
final class Ed25519Support {
    static final int PUBLIC_KEY_LENGTH = 32;
    static final int PRIVATE_KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    /** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
    private static final byte[] ORDER = {
        (byte) 0xed, (byte) 0xd3, (byte) 0xf5, (byte) 0x5c, (byte) 0x1a, (byte) 0x63, (byte) 0x12, (byte) 0x58,
        (byte) 0xd6, (byte) 0x9c, (byte) 0xf7, (byte) 0xa2, (byte) 0xde, (byte) 0xf9, (byte) 0xde, (byte) 0x14,
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, (byte) 0x10,
    };

    private Ed25519Support() {
    }

    static void requireLength(byte[] key, int expected, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != expected) {
            throw new IllegalArgumentException("Ed25519 " + what + " must be " + expected + " bytes, got " + key.length);
        }
    }

    /** The RFC 8032 public key of a 32-byte private seed. One scalar multiplication; done once per key pair. */
    static byte[] publicKeyFromSeed(byte[] seed) {
        requireLength(seed, PRIVATE_KEY_LENGTH, "private key");
        byte[] publicKey = new byte[PUBLIC_KEY_LENGTH];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return publicKey;
    }

    /**
     * Decodes and fully validates a public key: canonical encoding of a point on the curve, not of small order.
     * Honest keys always pass; rejecting the rest at construction keeps every implementation's verify in agreement.
     */
    static Ed25519.PublicPoint validatePublicKey(byte[] publicKey) {
        requireLength(publicKey, PUBLIC_KEY_LENGTH, "public key");
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        if (point == null) {
            throw new IllegalArgumentException(
                    "not a valid Ed25519 public key (non-canonical encoding, not on the curve, or of small order)");
        }
        return point;
    }

    /**
     * The checks every verify performs before calling its provider: a 64-byte signature whose scalar half S is
     * canonical (S < L, RFC 8032 §5.1.7 step 1). Returns false instead of throwing: the input comes off the network.
     * Bounds of {@code data} are the caller's contract, not network input, so they throw.
     */
    static boolean precheck(byte[] data, int offset, int length, byte[] signature) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return signature != null && signature.length == SIGNATURE_LENGTH && isCanonicalScalar(signature, 32);
    }

    /** True if the 32-byte little-endian integer at {@code offset} is below the group order L. */
    static boolean isCanonicalScalar(byte[] bytes, int offset) {
        for (int i = 31; i >= 0; i--) {
            int s = bytes[offset + i] & 0xff;
            int l = ORDER[i] & 0xff;
            if (s != l) {
                return s < l;
            }
        }
        return false; // S == L
    }
}
