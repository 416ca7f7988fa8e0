package io.prime.crypto.threshold;

import java.math.BigInteger;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;
import supranational.blst.Scalar;
import supranational.blst.SecretKey;

/**
 * Constants and encoding helpers for BLS12-381 via blst (jblst). Package-private: the public surface is
 * {@link BlsThresholdScheme}, {@link BlsShareSigner}, {@link BlsThresholdDealer} and {@link BlsThresholdKeys}.
 *
 * <p>Ciphersuite: the <em>minimal-signature-size</em> basic scheme of draft-irtf-cfrg-bls-signature,
 * {@value #DST}: signatures (and partial signatures) are points of G1, 48 bytes compressed; public keys (the group
 * key and the public shares) are points of G2, 96 bytes compressed. Chosen over minimal-pubkey-size because it makes
 * partial signing and combining about twice as fast and halves the size of VC-PARTIAL-SIG and VC-PROOF, while
 * verification costs the same (two Miller loops and a final exponentiation either way); public keys are only
 * configuration. The basic (NUL) scheme suffices: there is no aggregation under independently chosen keys (the dealer
 * makes every key), so rogue-key attacks and proofs of possession do not arise.
 *
 * <p>Encodings are the ZCash/IETF compressed point formats that blst implements. Scalars (secret shares) are 32 bytes
 * <em>big-endian</em>, as in the IETF KeyGen (I2OSP); blst's {@code Scalar.from_bendian}/{@code SecretKey.from_bendian}
 * take that order (blst stores scalars little-endian internally, and {@code to_lendian} exposes that order; we never
 * use it).
 *
 * <p>Safety: blst's deserialiser looks at the compression bit of the first byte to decide whether to read 48 or 96
 * bytes (G1), 96 or 192 bytes (G2). The JNI wrapper passes the Java array without a length, so a short array with the
 * bit clear would make blst read past its end. Every decoder here therefore checks the exact length and the
 * compression bit before calling into blst.
 */
final class Bls12381 {
    private Bls12381() {
    }

    /** Domain separation tag of the minimal-signature-size basic scheme (hash-to-G1, SSWU, random oracle). */
    static final String DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

    /** Order r of G1, G2 and GT: the scalar field Fr. */
    static final BigInteger R =
            new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

    static final int SCALAR_LENGTH = 32;
    static final int G1_COMPRESSED_LENGTH = 48;
    static final int G2_COMPRESSED_LENGTH = 96;

    private static final int COMPRESSION_BIT = 0x80;

    /** Fixed-width 32-byte big-endian encoding of {@code 0 <= v < r}. */
    static byte[] toBytes32(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(R) >= 0) {
            throw new IllegalArgumentException("scalar out of range [0, r)");
        }
        byte[] raw = v.toByteArray(); // big-endian two's complement, possibly with a leading 0x00 sign byte
        byte[] out = new byte[SCALAR_LENGTH];
        int copy = Math.min(raw.length, SCALAR_LENGTH);
        System.arraycopy(raw, raw.length - copy, out, SCALAR_LENGTH - copy, copy);
        return out;
    }

    /** A blst scalar holding {@code 0 <= v < r}; {@code from_bendian} expects 32 big-endian bytes. */
    static Scalar scalar(BigInteger v) {
        return new Scalar().from_bendian(toBytes32(v));
    }

    static SecretKey secretKey(BigInteger v) {
        SecretKey sk = new SecretKey();
        sk.from_bendian(toBytes32(v));
        return sk;
    }

    /** Parses a secret share: exactly 32 big-endian bytes encoding a value in [1, r). */
    static BigInteger decodeSecretScalar(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("secret share is null");
        }
        if (bytes.length != SCALAR_LENGTH) {
            throw new IllegalArgumentException(
                    "secret share must be " + SCALAR_LENGTH + " bytes, got " + bytes.length);
        }
        BigInteger v = new BigInteger(1, bytes);
        if (v.signum() == 0) {
            throw new IllegalArgumentException("secret share is zero");
        }
        if (v.compareTo(R) >= 0) {
            throw new IllegalArgumentException("secret share is not reduced modulo r");
        }
        return v;
    }

    /**
     * Parses public key material (group key or public share): a compressed G2 point that is on the curve, in the
     * order-r subgroup, and not the point at infinity. {@code what} names the value in error messages.
     */
    static P2_Affine decodePublicKey(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (bytes.length != G2_COMPRESSED_LENGTH) {
            throw new IllegalArgumentException(
                    what + " must be " + G2_COMPRESSED_LENGTH + " bytes (compressed G2), got " + bytes.length);
        }
        if ((bytes[0] & COMPRESSION_BIT) == 0) {
            throw new IllegalArgumentException(what + " is not a compressed point (compression flag clear)");
        }
        P2_Affine point;
        try {
            point = new P2_Affine(bytes);
        } catch (RuntimeException e) { // blst reports "BLST_ERROR: bad point encoding" / "point is not on curve"
            throw new IllegalArgumentException(what + " is not a valid G2 point: " + e.getMessage(), e);
        }
        if (point.is_inf()) {
            throw new IllegalArgumentException(what + " is the point at infinity");
        }
        if (!point.in_group()) {
            throw new IllegalArgumentException(what + " is on the curve but not in the order-r subgroup");
        }
        return point;
    }

    /**
     * Parses a (partial) signature: a compressed G1 point on the curve. Returns null instead of throwing. The subgroup
     * check is left to the caller ({@code core_verify} performs it; {@code combine} does it explicitly).
     */
    static P1_Affine decodeSignatureOrNull(byte[] bytes) {
        if (bytes == null || bytes.length != G1_COMPRESSED_LENGTH || (bytes[0] & COMPRESSION_BIT) == 0) {
            return null;
        }
        try {
            return new P1_Affine(bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }


    /**
     * Lagrange coefficients for interpolating, at the point {@code x}, the polynomial through the evaluation points
     * x_i = id_i + 1 of the given distinct 0-based ids: lambda_i = prod_{j != i} (x - x_j) / (x_i - x_j) mod r.
     * At x = 0 this is the usual prod_{j != i} x_j / (x_j - x_i).
     */
    static BigInteger[] lagrangeCoefficients(int[] ids, long x) {
        BigInteger at = BigInteger.valueOf(x);
        BigInteger[] xs = new BigInteger[ids.length];
        for (int i = 0; i < ids.length; i++) {
            xs[i] = BigInteger.valueOf(ids[i] + 1L);
        }
        BigInteger[] out = new BigInteger[ids.length];
        for (int i = 0; i < ids.length; i++) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (int j = 0; j < ids.length; j++) {
                if (j != i) {
                    num = num.multiply(at.subtract(xs[j])).mod(R);
                    den = den.multiply(xs[i].subtract(xs[j])).mod(R);
                }
            }
            out[i] = num.multiply(den.modInverse(R)).mod(R);
        }
        return out;
    }
}
