package io.prime.crypto.threshold;

import java.util.List;

/**
 * The output of {@link BlsThresholdDealer}: the public side of the scheme (group public key and the n public shares,
 * which every replica configures) and the n secret shares (each goes to its replica only). Byte formats: public keys
 * are {@value BlsThresholdScheme#PUBLIC_KEY_LENGTH}-byte compressed G2 points, secret shares
 * {@value BlsThresholdScheme#SECRET_SHARE_LENGTH}-byte big-endian scalars in [1, r). Immutable; getters return copies.
 */
public final class BlsThresholdKeys {
    private final BlsThresholdScheme scheme;
    private final byte[][] secretShares;

    BlsThresholdKeys(BlsThresholdScheme scheme, byte[][] secretShares) {
        this.scheme = scheme;
        this.secretShares = secretShares;
    }

    public int shareCount() {
        return scheme.shareCount();
    }

    public int threshold() {
        return scheme.threshold();
    }

    /** The public side, ready to use (no need to go through the byte encodings). */
    public BlsThresholdScheme scheme() {
        return scheme;
    }

    public byte[] groupPublicKey() {
        return scheme.groupPublicKey();
    }

    public byte[] publicShare(int replica) {
        return scheme.publicShare(replica);
    }

    public List<byte[]> publicShares() {
        return scheme.publicShares();
    }

    /** Replica {@code replica}'s secret share (0-based). */
    public byte[] secretShare(int replica) {
        if (replica < 0 || replica >= secretShares.length) {
            throw new IllegalArgumentException(
                    "replica id must be in [0, " + secretShares.length + "), got " + replica);
        }
        return secretShares[replica].clone();
    }

    /** The signer of replica {@code replica}, for tests and the simulator where one process holds every share. */
    public BlsShareSigner signer(int replica) {
        return scheme.signer(replica, secretShare(replica));
    }

    @Override
    public String toString() {
        return "BlsThresholdKeys[k=" + threshold() + ", n=" + shareCount() + "]"; // never the secrets
    }
}
