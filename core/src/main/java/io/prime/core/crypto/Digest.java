package io.prime.core.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 digest, compared by content. D(m) in the paper's notation (§2).
 * Immutable: the array is never exposed for writing.
 */
public final class Digest implements Comparable<Digest> {
    public static final int LENGTH = 32;
    public static final Digest ZERO = new Digest(new byte[LENGTH]);

    private final byte[] bytes;
    private final int hash;

    private Digest(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps a copy of {@code bytes}, which must be {@link #LENGTH} long. */
    public static Digest of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("digest must be " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Digest(bytes.clone());
    }

    /** Reads {@link #LENGTH} bytes at {@code offset}. */
    public static Digest of(byte[] source, int offset) {
        return new Digest(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    /** Takes ownership of {@code bytes} without copying; callers must not modify it afterwards. */
    static Digest wrap(byte[] bytes) {
        return new Digest(bytes);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The backing array, for hashing without a copy; package-private so nobody outside can modify it. */
    byte[] toByteArrayUnsafe() {
        return bytes;
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest d && hash == d.hash && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Digest other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** First 8 hex digits, for logs and traces. */
    public String shortHex() {
        return HexFormat.of().formatHex(bytes, 0, 4);
    }

    @Override
    public String toString() {
        return shortHex();
    }
}
