package io.prime.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A cheap, deterministic stand-in for real signatures, for the simulator and tests only: a signature is a keyed
 * 128-bit hash of the data stretched to the configured length, and the "public key" is the secret itself. It is NOT
 * secure outside a simulation (anyone with the key directory could forge, and the hash is not cryptographic), which is
 * fine where every signer is our own code and faulty replicas only ever hold their own {@link Signer}: what it must
 * do is tell apart different signers and different data, which a well-mixed 128-bit hash does for anything but a
 * deliberate search. The simulator charges the modelled cost of a real signature (RSA-1024 in the paper's testbed,
 * Ed25519 on a LAN) in virtual time, and the configurable length keeps the bytes on the wire realistic.
 *
 * <p>It used SHA-256 (four digests for an RSA-sized signature, and a cloned MessageDigest per call): with every replica
 * checking every client update, that was 14 % of a paper-profile simulation. The hash here reads 8 bytes per step with
 * two multiply-rotate lanes (the round of xxHash64) and verifies without allocating.
 */
public final class SimulatedSignatureScheme implements SignatureScheme {
    private static final int KEY_LENGTH = 32;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private final int signatureLength;

    public SimulatedSignatureScheme(int signatureLength) {
        if (signatureLength < 16 || signatureLength > 512) {
            throw new IllegalArgumentException("signature length must be in [16, 512]: " + signatureLength);
        }
        this.signatureLength = signatureLength;
    }

    @Override
    public String name() {
        return "simulated-" + signatureLength;
    }

    @Override
    public int publicKeyLength() {
        return KEY_LENGTH;
    }

    @Override
    public int privateKeyLength() {
        return KEY_LENGTH;
    }

    @Override
    public int signatureLength() {
        return signatureLength;
    }

    @Override
    public KeyPair keyPairFromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("seed must be " + KEY_LENGTH + " bytes");
        }
        return new KeyPair(seed, seed);
    }

    @Override
    public Signer signer(byte[] privateKey) {
        long[] key = key(privateKey);
        return new Signer() {
            @Override
            public int signatureLength() {
                return signatureLength;
            }

            @Override
            public byte[] sign(byte[] data, int offset, int length) {
                byte[] out = new byte[signatureLength];
                long[] h = hash(key, data, offset, length);
                for (int at = 0; at < signatureLength; at += 8) {
                    long word = stretch(h, at >>> 3);
                    for (int b = 0; b < 8 && at + b < signatureLength; b++) {
                        out[at + b] = (byte) (word >>> (8 * b));
                    }
                }
                return out;
            }
        };
    }

    @Override
    public PublicKeyVerifier verifier(byte[] publicKey) {
        long[] key = key(publicKey);
        return (data, offset, length, signature) -> {
            if (signature == null || signature.length != signatureLength) {
                return false;
            }
            long[] h = hash(key, data, offset, length);
            long diff = 0;
            int at = 0;
            for (; at + 8 <= signatureLength; at += 8) {
                diff |= stretch(h, at >>> 3) ^ (long) LONGS.get(signature, at);
            }
            if (at < signatureLength) {
                long word = stretch(h, at >>> 3);
                for (int b = 0; at + b < signatureLength; b++) {
                    diff |= ((word >>> (8 * b)) ^ signature[at + b]) & 0xFF;
                }
            }
            return diff == 0;
        };
    }

    private static long[] key(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes, got " + key.length);
        }
        return new long[]{(long) LONGS.get(key, 0), (long) LONGS.get(key, 8), (long) LONGS.get(key, 16), (long) LONGS.get(key, 24)};
    }

    /** Two 64-bit lanes over the data, each keyed with half the secret, then cross-mixed: 128 bits. */
    private static long[] hash(long[] key, byte[] data, int offset, int length) {
        long a = key[0] ^ (length * P3);
        long b = key[1] + P1;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(data, i);
            a = Long.rotateLeft(a + w * P2, 31) * P1;
            b = Long.rotateLeft(b ^ (w * P4), 27) * P3 + P2;
        }
        long tail = 0x80; // marks where the data ends, so a shorter tail of zero bytes hashes differently
        for (; i < end; i++) {
            tail = (tail << 8) | (data[i] & 0xFF);
        }
        a = Long.rotateLeft(a + tail * P2, 31) * P1;
        b = Long.rotateLeft(b ^ (tail * P4), 27) * P3 + P2;
        long x = mix(a ^ key[2]) + b;
        long y = mix(b ^ key[3]) + x;
        return new long[]{mix(x), mix(y)};
    }

    /** Word {@code index} of the signature: SplitMix64-style outputs of the 128-bit hash. */
    private static long stretch(long[] h, int index) {
        return mix(h[0] + index * P1) ^ mix(h[1] - index * P4);
    }

    /** The finaliser of MurmurHash3 / SplitMix64: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
