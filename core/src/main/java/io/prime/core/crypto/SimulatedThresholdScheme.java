package io.prime.core.crypto;

import java.security.MessageDigest;
import java.util.Map;

/**
 * A cheap stand-in for threshold signatures, for the simulator and tests only (like {@link SimulatedSignatureScheme}):
 * a partial signature of replica i is SHA-256(share_i || data), the combined signature SHA-256(group || data), and
 * "combining" checks that enough distinct valid partials were given. Not secure outside a simulation: the verifier
 * knows the secrets. The simulator charges the modelled cost; the runtime uses BLS12-381 (prime-crypto).
 */
public final class SimulatedThresholdScheme implements ThresholdScheme {
    private final int threshold;
    private final byte[][] shares;
    private final byte[] group;

    /** Deals shares for n replicas, threshold k, deterministically from {@code seed}. */
    public SimulatedThresholdScheme(int n, int k, long seed) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("threshold must be in [1, n]");
        }
        this.threshold = k;
        Hasher hasher = new Hasher();
        this.shares = new byte[n][];
        for (int i = 0; i < n; i++) {
            shares[i] = hasher.digest(new WireBytes(seed, 's', i).bytes()).toByteArray();
        }
        this.group = hasher.digest(new WireBytes(seed, 'g', 0).bytes()).toByteArray();
    }

    private record WireBytes(long seed, char role, int index) {
        byte[] bytes() {
            byte[] b = new byte[13];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (seed >>> (56 - 8 * i));
            }
            b[8] = (byte) role;
            for (int i = 0; i < 4; i++) {
                b[9 + i] = (byte) (index >>> (24 - 8 * i));
            }
            return b;
        }
    }

    @Override
    public int threshold() {
        return threshold;
    }

    @Override
    public int shareCount() {
        return shares.length;
    }

    @Override
    public int partialSignatureLength() {
        return Digest.LENGTH;
    }

    @Override
    public int signatureLength() {
        return Digest.LENGTH;
    }

    private static byte[] mac(byte[] key, byte[] data) {
        Hasher h = new Hasher();
        return h.digest((byte) 0x5A, key, data).toByteArray();
    }

    @Override
    public boolean verifyPartial(int signer, byte[] data, byte[] partialSignature) {
        return signer >= 0 && signer < shares.length && partialSignature != null
                && MessageDigest.isEqual(mac(shares[signer], data), partialSignature);
    }

    @Override
    public byte[] combine(Map<Integer, byte[]> partialSignatures) {
        if (partialSignatures.size() != threshold) {
            throw new IllegalArgumentException("need exactly " + threshold + " partial signatures, got " + partialSignatures.size());
        }
        // The data is not an argument of combine: the combined value is recomputed by verify from the group secret,
        // so a set of partials on different data can only ever yield a signature on the data of the first one.
        throw new UnsupportedOperationException("use combine(data, partials)");
    }

    /** Combines partial signatures on {@code data}; each must verify (callers verify first, as with BLS). */
    @Override
    public byte[] combine(byte[] data, Map<Integer, byte[]> partialSignatures) {
        if (partialSignatures.size() != threshold) {
            throw new IllegalArgumentException("need exactly " + threshold + " partial signatures, got " + partialSignatures.size());
        }
        for (Map.Entry<Integer, byte[]> e : partialSignatures.entrySet()) {
            if (!verifyPartial(e.getKey(), data, e.getValue())) {
                throw new IllegalArgumentException("partial signature of replica " + e.getKey() + " does not verify");
            }
        }
        return mac(group, data);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return signature != null && MessageDigest.isEqual(mac(group, data), signature);
    }

    /** The signer of replica {@code replica}'s share. */
    public ShareSigner signer(int replica) {
        byte[] share = shares[replica].clone();
        return new ShareSigner() {
            @Override
            public int replica() {
                return replica;
            }

            @Override
            public byte[] partialSign(byte[] data) {
                return mac(share, data);
            }
        };
    }
}
