package io.prime.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 with a byte counter. One instance per thread (the core is single-threaded; the runtime's verification
 * workers each own one). The simulator reads {@link #bytesHashed()} to charge CPU time per digest byte.
 */
public final class Hasher {
    private final MessageDigest sha256;
    private long bytesHashed;

    public Hasher() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public Digest digest(byte[] data) {
        return digest(data, 0, data.length);
    }

    public Digest digest(byte[] data, int offset, int length) {
        bytesHashed += length;
        sha256.update(data, offset, length);
        return Digest.wrap(sha256.digest());
    }

    /** Digest of a one-byte domain tag followed by {@code data}: keeps different uses of SHA-256 apart. */
    public Digest digest(byte domain, byte[] data, int offset, int length) {
        bytesHashed += length + 1;
        sha256.update(domain);
        sha256.update(data, offset, length);
        return Digest.wrap(sha256.digest());
    }

    /** Digest of a domain tag followed by two byte arrays, without concatenating them first. */
    public Digest digest(byte domain, byte[] first, byte[] second) {
        bytesHashed += 1L + first.length + second.length;
        sha256.update(domain);
        sha256.update(first);
        sha256.update(second);
        return Digest.wrap(sha256.digest());
    }

    /** Digest of a domain tag and two digests (an inner node of a Merkle tree). */
    public Digest digest(byte domain, Digest left, Digest right) {
        bytesHashed += 1 + 2L * Digest.LENGTH;
        sha256.update(domain);
        sha256.update(left.toByteArrayUnsafe());
        sha256.update(right.toByteArrayUnsafe());
        return Digest.wrap(sha256.digest());
    }

    public long bytesHashed() {
        return bytesHashed;
    }

    /** Returns the bytes hashed since the last call and resets the counter. */
    public long takeBytesHashed() {
        long b = bytesHashed;
        bytesHashed = 0;
        return b;
    }
}
