package io.prime.crypto.threshold;

import io.prime.core.crypto.ThresholdScheme;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * (k, n) threshold BLS signatures on BLS12-381, the VC-PROOF of the view change (§5.3): any k partial signatures on
 * the same data combine, by Lagrange interpolation in the exponent, into the unique BLS signature of the group's
 * master secret, which verifies against the group public key like any single-signer BLS signature.
 *
 * <p>Ciphersuite: {@code BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_} (minimal-signature-size basic scheme):
 * partial and combined signatures are compressed G1 points ({@value #SIGNATURE_LENGTH} bytes), the group public key
 * and the public shares are compressed G2 points ({@value #PUBLIC_KEY_LENGTH} bytes). The signed bytes are exactly
 * what the caller passes (the protocol passes {@code DomainTag.VC_PROOF || digest}).
 *
 * <p>Replica {@code i} (0-based) holds the share at x = i + 1 of a degree-(k-1) polynomial whose value at 0 is the
 * master secret; see {@link BlsThresholdDealer}.
 *
 * <p>Unlike the original Prime, every partial signature is checked with {@link #verifyPartial} before it is combined,
 * so one faulty replica's bad partial cannot spoil a VC-PROOF: {@link #combine} trusts its input and cannot tell a
 * bad partial from a good one (a bad one just makes the combined signature fail {@link #verify}).
 *
 * <p>Instances are immutable and all methods are thread-safe: the decoded points are only ever handed to blst as
 * fresh copies ({@code dup()}), so no native call ever sees a shared buffer.
 */
public final class BlsThresholdScheme implements ThresholdScheme {
    /** Length of a partial or combined signature: a compressed G1 point. */
    public static final int SIGNATURE_LENGTH = Bls12381.G1_COMPRESSED_LENGTH;
    /** Length of the group public key and of each public share: a compressed G2 point. */
    public static final int PUBLIC_KEY_LENGTH = Bls12381.G2_COMPRESSED_LENGTH;
    /** Length of a secret share: a big-endian scalar in [1, r). */
    public static final int SECRET_SHARE_LENGTH = Bls12381.SCALAR_LENGTH;
    /** The ciphersuite's domain separation tag. */
    public static final String CIPHERSUITE = Bls12381.DST;

    private final int n;
    private final int k;
    private final byte[] groupPublicKeyBytes;
    private final P2_Affine groupPublicKey;
    private final byte[][] publicShareBytes;
    private final P2_Affine[] publicShares;

    private BlsThresholdScheme(int n, int k, byte[] groupPublicKeyBytes, P2_Affine groupPublicKey,
                               byte[][] publicShareBytes, P2_Affine[] publicShares) {
        this.n = n;
        this.k = k;
        this.groupPublicKeyBytes = groupPublicKeyBytes;
        this.groupPublicKey = groupPublicKey;
        this.publicShareBytes = publicShareBytes;
        this.publicShares = publicShares;
    }

    /**
     * Builds the public side of a (k, n) scheme from its encodings: the group public key and the n public shares,
     * indexed by 0-based replica id, each a {@value #PUBLIC_KEY_LENGTH}-byte compressed G2 point.
     *
     * <p>Every point must decode, lie in the order-r subgroup and not be the point at infinity. The shares must also
     * be consistent: they must lie on one polynomial of degree at most k-1 whose value at 0 is the group key (checked
     * in the exponent: the first k shares are interpolated at 0 and at the x of every other share). That catches a
     * configuration that mixes keys from different dealings, which would otherwise only show up as VC-PROOFs that
     * never verify. The check costs (n-k+1)*k G2 scalar multiplications, once.
     *
     * @throws IllegalArgumentException if the parameters are out of range or any encoding is bad or inconsistent
     */
    public static BlsThresholdScheme fromBytes(int n, int k, byte[] groupPublicKey, List<byte[]> publicShares) {
        checkParameters(n, k);
        if (publicShares == null) {
            throw new IllegalArgumentException("public shares are null");
        }
        if (publicShares.size() != n) {
            throw new IllegalArgumentException("expected " + n + " public shares, got " + publicShares.size());
        }
        P2_Affine group = Bls12381.decodePublicKey(groupPublicKey, "group public key");
        byte[][] shareBytes = new byte[n][];
        P2_Affine[] shares = new P2_Affine[n];
        for (int i = 0; i < n; i++) {
            byte[] b = publicShares.get(i);
            shares[i] = Bls12381.decodePublicKey(b, "public share of replica " + i);
            shareBytes[i] = b.clone();
        }
        checkConsistent(n, k, group, shares);
        return new BlsThresholdScheme(n, k, groupPublicKey.clone(), group, shareBytes, shares);
    }

    /** Array form of {@link #fromBytes(int, int, byte[], List)}. */
    public static BlsThresholdScheme fromBytes(int n, int k, byte[] groupPublicKey, byte[][] publicShares) {
        if (publicShares == null) {
            throw new IllegalArgumentException("public shares are null");
        }
        return fromBytes(n, k, groupPublicKey, Arrays.asList(publicShares));
    }

    /** For the dealer: points it computed itself need neither decoding nor the consistency check. */
    static BlsThresholdScheme trusted(int n, int k, P2_Affine groupPublicKey, P2_Affine[] publicShares) {
        byte[][] shareBytes = new byte[n][];
        for (int i = 0; i < n; i++) {
            shareBytes[i] = publicShares[i].compress();
        }
        return new BlsThresholdScheme(n, k, groupPublicKey.compress(), groupPublicKey.dup(), shareBytes,
                Arrays.stream(publicShares).map(P2_Affine::dup).toArray(P2_Affine[]::new));
    }

    static void checkParameters(int n, int k) {
        if (n < 1) {
            throw new IllegalArgumentException("share count n must be at least 1, got " + n);
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("threshold k must be in [1, n=" + n + "], got " + k);
        }
    }

    private static void checkConsistent(int n, int k, P2_Affine group, P2_Affine[] shares) {
        int[] basis = new int[k];
        for (int i = 0; i < k; i++) {
            basis[i] = i;
        }
        if (!interpolate(basis, shares, 0).is_equal(group)) {
            throw new IllegalArgumentException(
                    "public shares are inconsistent with the group public key (shares 0.." + (k - 1)
                            + " do not interpolate to it): keys from different dealings?");
        }
        for (int j = k; j < n; j++) {
            if (!interpolate(basis, shares, j + 1L).is_equal(shares[j])) {
                throw new IllegalArgumentException("public share of replica " + j
                        + " is inconsistent with shares 0.." + (k - 1) + " (not on one degree-" + (k - 1)
                        + " polynomial): keys from different dealings?");
            }
        }
    }

    private static P2_Affine interpolate(int[] ids, P2_Affine[] points, long x) {
        BigInteger[] lambda = Bls12381.lagrangeCoefficients(ids, x);
        P2 acc = null;
        for (int i = 0; i < ids.length; i++) {
            P2 term = new P2(points[ids[i]]).mult(Bls12381.scalar(lambda[i]));
            acc = acc == null ? term : acc.add(term);
        }
        return acc.to_affine();
    }

    /**
     * The signer for the local replica, from its {@value #SECRET_SHARE_LENGTH}-byte secret share.
     *
     * @throws IllegalArgumentException if the replica id is out of range, the share is malformed, or its public key
     *     is not this scheme's public share for that replica (wrong key file)
     */
    public BlsShareSigner signer(int replica, byte[] secretShare) {
        checkReplica(replica);
        BlsShareSigner signer = BlsShareSigner.fromBytes(replica, secretShare);
        if (!Arrays.equals(signer.publicShare(), publicShareBytes[replica])) {
            throw new IllegalArgumentException(
                    "secret share does not match the configured public share of replica " + replica);
        }
        return signer;
    }

    private void checkReplica(int replica) {
        if (replica < 0 || replica >= n) {
            throw new IllegalArgumentException("replica id must be in [0, " + n + "), got " + replica);
        }
    }

    @Override
    public int threshold() {
        return k;
    }

    @Override
    public int shareCount() {
        return n;
    }

    @Override
    public int partialSignatureLength() {
        return SIGNATURE_LENGTH;
    }

    @Override
    public int signatureLength() {
        return SIGNATURE_LENGTH;
    }

    /** The group public key, {@value #PUBLIC_KEY_LENGTH} bytes (a copy). */
    public byte[] groupPublicKey() {
        return groupPublicKeyBytes.clone();
    }

    /** The public share of replica {@code replica} (0-based), {@value #PUBLIC_KEY_LENGTH} bytes (a copy). */
    public byte[] publicShare(int replica) {
        checkReplica(replica);
        return publicShareBytes[replica].clone();
    }

    /** All n public shares, indexed by 0-based replica id (copies). */
    public List<byte[]> publicShares() {
        List<byte[]> out = new ArrayList<>(n);
        for (byte[] b : publicShareBytes) {
            out.add(b.clone());
        }
        return out;
    }

    /** Returns false, never throws, for an unknown signer, null data, or a malformed partial signature. */
    @Override
    public boolean verifyPartial(int signer, byte[] data, byte[] partialSignature) {
        if (signer < 0 || signer >= n) {
            return false;
        }
        return verifyAgainst(publicShares[signer], data, partialSignature);
    }

    /** Returns false, never throws, for null data or a malformed signature. */
    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return verifyAgainst(groupPublicKey, data, signature);
    }

    private static boolean verifyAgainst(P2_Affine publicKey, byte[] data, byte[] signature) {
        if (data == null) {
            return false;
        }
        P1_Affine sig = Bls12381.decodeSignatureOrNull(signature);
        if (sig == null) {
            return false;
        }
        try {
            // core_verify checks that the signature is in G1's order-r subgroup and that e(sig, g2) == e(H(data), pk).
            return sig.core_verify(publicKey.dup(), true, data, Bls12381.DST) == BLST_ERROR.BLST_SUCCESS;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Lagrange interpolation in the exponent at x = 0 over exactly k partial signatures keyed by 0-based replica id:
     * sigma = sum_i lambda_i * sigma_i. The partials must already have passed {@link #verifyPartial}; this method
     * cannot detect a wrong-but-well-formed partial. With valid partials the result is the same
     * {@value #SIGNATURE_LENGTH} bytes whichever k replicas contributed.
     *
     * @throws IllegalArgumentException if the map is null, does not hold exactly k entries, has a replica id out of
     *     range, or holds a partial that is not a compressed G1 point in the order-r subgroup
     */
    @Override
    public byte[] combine(Map<Integer, byte[]> partialSignatures) {
        if (partialSignatures == null) {
            throw new IllegalArgumentException("partial signatures are null");
        }
        if (partialSignatures.size() != k) {
            throw new IllegalArgumentException(
                    "combine needs exactly k=" + k + " partial signatures, got " + partialSignatures.size());
        }
        int[] ids = new int[k];
        P1_Affine[] points = new P1_Affine[k];
        int c = 0;
        for (Map.Entry<Integer, byte[]> e : partialSignatures.entrySet()) {
            Integer id = e.getKey();
            if (id == null || id < 0 || id >= n) {
                throw new IllegalArgumentException("partial signature keyed by invalid replica id " + id
                        + " (must be in [0, " + n + "))");
            }
            P1_Affine point = Bls12381.decodeSignatureOrNull(e.getValue());
            if (point == null) {
                throw new IllegalArgumentException("partial signature of replica " + id
                        + " is not a " + SIGNATURE_LENGTH + "-byte compressed G1 point");
            }
            if (!point.in_group()) {
                throw new IllegalArgumentException(
                        "partial signature of replica " + id + " is not in the order-r subgroup of G1");
            }
            ids[c] = id;
            points[c] = point;
            c++;
        }
        BigInteger[] lambda = Bls12381.lagrangeCoefficients(ids, 0);
        P1 acc = null;
        for (int i = 0; i < k; i++) {
            P1 term = new P1(points[i]).mult(Bls12381.scalar(lambda[i]));
            acc = acc == null ? term : acc.add(term);
        }
        return acc.compress();
    }

    @Override
    public String toString() {
        return "BlsThresholdScheme[k=" + k + ", n=" + n + ", " + CIPHERSUITE + "]";
    }
}
