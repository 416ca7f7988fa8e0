package io.prime.core.codec;

import io.prime.core.crypto.Digest;

import java.util.Arrays;

/** Big-endian writer into a growable array. Canonical: each value has exactly one encoding. */
public final class WireWriter {
    private byte[] buffer;
    private int position;

    public WireWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public WireWriter() {
        this(256);
    }

    private void ensure(int extra) {
        if (position + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + extra));
        }
    }

    public WireWriter u8(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
        return this;
    }

    public WireWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public WireWriter u16(int value) {
        ensure(2);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
        return this;
    }

    public WireWriter u32(long value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
        return this;
    }

    public WireWriter i64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
        return this;
    }

    public WireWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    public WireWriter bytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buffer, position, length);
        position += length;
        return this;
    }

    /** u32 length followed by the bytes. */
    public WireWriter blob(byte[] value) {
        u32(value.length);
        return bytes(value);
    }

    /** u16 length followed by the bytes (signatures). */
    public WireWriter shortBlob(byte[] value) {
        u16(value.length);
        return bytes(value);
    }

    public WireWriter digest(Digest digest) {
        ensure(Digest.LENGTH);
        digest.copyTo(buffer, position);
        position += Digest.LENGTH;
        return this;
    }

    /** Overwrites a u32 at an earlier position (length prefixes written after the fact). */
    public void patchU32(int at, long value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }

    public int position() {
        return position;
    }

    /**
     * The bytes written. The writer must not be used afterwards: when the buffer is exactly full (a writer sized for
     * what it holds) it is returned as is, without a copy.
     */
    public byte[] toByteArray() {
        return position == buffer.length ? buffer : Arrays.copyOf(buffer, position);
    }
}
