package io.prime.crypto.threshold;

import io.prime.core.crypto.ThresholdScheme;
import java.math.BigInteger;
import java.util.Objects;
import supranational.blst.P1;
import supranational.blst.P2;
import supranational.blst.SecretKey;

/**
 * The local replica's half of {@link BlsThresholdScheme}: signs with its secret share, producing a
 * {@value BlsThresholdScheme#SIGNATURE_LENGTH}-byte partial signature (a compressed G1 point, H(data)^share) that
 * others check with {@link BlsThresholdScheme#verifyPartial}. Thread-safe: each call hands blst its own copy of the key.
 *
 * <p>Prefer {@link BlsThresholdScheme#signer(int, byte[])}, which also checks that the share matches the configured
 * public share.
 */
public final class BlsShareSigner implements ThresholdScheme.ShareSigner {
    private final int replica;
    private final SecretKey share;
    private final byte[] publicShare;

    private BlsShareSigner(int replica, SecretKey share) {
        this.replica = replica;
        this.share = share;
        this.publicShare = new P2(share).compress();
    }

    /**
     * A signer for 0-based replica {@code replica} from its {@value BlsThresholdScheme#SECRET_SHARE_LENGTH}-byte
     * big-endian secret share, which must encode a scalar in [1, r).
     *
     * @throws IllegalArgumentException if the replica id is negative or the share is malformed
     */
    public static BlsShareSigner fromBytes(int replica, byte[] secretShare) {
        if (replica < 0) {
            throw new IllegalArgumentException("replica id must be non-negative, got " + replica);
        }
        return new BlsShareSigner(replica, Bls12381.secretKey(Bls12381.decodeSecretScalar(secretShare)));
    }

    static BlsShareSigner of(int replica, BigInteger share) {
        return new BlsShareSigner(replica, Bls12381.secretKey(share));
    }

    @Override
    public int replica() {
        return replica;
    }

    /** The public share corresponding to this secret share: {@value BlsThresholdScheme#PUBLIC_KEY_LENGTH} bytes. */
    public byte[] publicShare() {
        return publicShare.clone();
    }

    @Override
    public byte[] partialSign(byte[] data) {
        Objects.requireNonNull(data, "data");
        return new P1().hash_to(data, Bls12381.DST).sign_with(share.dup()).compress();
    }

    @Override
    public String toString() {
        return "BlsShareSigner[replica=" + replica + "]"; // never the share
    }
}
