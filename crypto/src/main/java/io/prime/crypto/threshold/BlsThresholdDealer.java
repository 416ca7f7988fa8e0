package io.prime.crypto.threshold;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * Trusted-dealer key generation for {@link BlsThresholdScheme}: picks a random polynomial f of degree k-1 over the
 * scalar field Fr, whose constant term f(0) is the master secret, and gives 0-based replica i the Shamir share
 * f(i + 1). The group public key is g2^f(0) and replica i's public share is g2^f(i+1).
 *
 * <p>Field elements are drawn as 64 uniformly random bytes reduced modulo r (bias below 2^-250). With a
 * {@link SecureRandom} the bytes come from it (real deployments); with a seed (tests, the simulator) they are
 * SHA-512(tag || seed || counter), so the same seed always deals the same keys. A seeded dealing is only as secret
 * as its seed. The master secret and every share are non-zero (a zero would make a public key the point at
 * infinity): in the negligible event that one is zero the whole polynomial is drawn again.
 *
 * <p>The dealer knows the master secret: it must be trusted and must forget its state (this class keeps none; the
 * returned {@link BlsThresholdKeys} holds every secret share and should be split up and dropped).
 */
public final class BlsThresholdDealer {
    private static final byte[] SEED_TAG =
            "io.prime.crypto.threshold.BlsThresholdDealer/v1".getBytes(StandardCharsets.US_ASCII);

    private BlsThresholdDealer() {
    }

    /** A (k, n) dealing with fresh randomness from {@code random}. */
    public static BlsThresholdKeys deal(int n, int k, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return deal(n, k, () -> {
            byte[] b = new byte[64];
            random.nextBytes(b);
            return b;
        });
    }

    /** A deterministic (k, n) dealing from {@code seed} (tests, simulator): same seed, same keys. */
    public static BlsThresholdKeys deal(int n, int k, byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        byte[] prefix = new byte[SEED_TAG.length + seed.length];
        System.arraycopy(SEED_TAG, 0, prefix, 0, SEED_TAG.length);
        System.arraycopy(seed, 0, prefix, SEED_TAG.length, seed.length);
        MessageDigest sha512 = sha512();
        long[] counter = {0};
        return deal(n, k, () -> {
            sha512.update(prefix);
            sha512.update(ByteBuffer.allocate(Long.BYTES).putLong(counter[0]++).array());
            return sha512.digest();
        });
    }

    /** {@link #deal(int, int, byte[])} with the 8 big-endian bytes of {@code seed}. */
    public static BlsThresholdKeys deal(int n, int k, long seed) {
        return deal(n, k, ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
    }

    private static BlsThresholdKeys deal(int n, int k, Supplier<byte[]> randomBytes) {
        BlsThresholdScheme.checkParameters(n, k);
        BigInteger[] coefficients = new BigInteger[k];
        BigInteger[] shares = new BigInteger[n];
        boolean ok;
        do {
            for (int j = 0; j < k; j++) {
                coefficients[j] = new BigInteger(1, randomBytes.get()).mod(Bls12381.R);
            }
            ok = coefficients[0].signum() != 0;
            for (int i = 0; i < n && ok; i++) {
                shares[i] = evaluate(coefficients, BigInteger.valueOf(i + 1L));
                ok = shares[i].signum() != 0;
            }
        } while (!ok);

        P2_Affine groupPublicKey = new P2(Bls12381.secretKey(coefficients[0])).to_affine();
        P2_Affine[] publicShares = new P2_Affine[n];
        byte[][] secretShares = new byte[n][];
        for (int i = 0; i < n; i++) {
            publicShares[i] = new P2(Bls12381.secretKey(shares[i])).to_affine();
            secretShares[i] = Bls12381.toBytes32(shares[i]);
        }
        return new BlsThresholdKeys(BlsThresholdScheme.trusted(n, k, groupPublicKey, publicShares), secretShares);
    }

    /** Horner's rule modulo r. */
    private static BigInteger evaluate(BigInteger[] coefficients, BigInteger x) {
        BigInteger y = BigInteger.ZERO;
        for (int j = coefficients.length - 1; j >= 0; j--) {
            y = y.multiply(x).add(coefficients[j]).mod(Bls12381.R);
        }
        return y;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required by every Java platform", e);
        }
    }
}
