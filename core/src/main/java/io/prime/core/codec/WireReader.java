package io.prime.core.codec;

import io.prime.core.codec.MalformedFrameException.Reason;
import io.prime.core.crypto.Digest;

import java.util.Arrays;

/**
 * Bounds-checked big-endian reader. Every read checks the remaining length first; every length or count is checked
 * against its limit and against the bytes actually left before anything is allocated, so a hostile frame cannot make
 * the receiver allocate more than the frame's own size.
 */
public final class WireReader {
    private final byte[] data;
    private final int end;
    private int position;

    public WireReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public WireReader(byte[] data) {
        this(data, 0, data.length);
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    private void need(int count, String field) throws MalformedFrameException {
        if (count < 0 || end - position < count) {
            throw new MalformedFrameException(Reason.TRUNCATED, field + " needs " + count + " bytes, " + (end - position) + " left");
        }
    }

    public int u8(String field) throws MalformedFrameException {
        need(1, field);
        return data[position++] & 0xFF;
    }

    public boolean bool(String field) throws MalformedFrameException {
        int v = u8(field);
        if (v > 1) {
            throw new MalformedFrameException(Reason.VALUE_OUT_OF_RANGE, field + " must be 0 or 1, got " + v);
        }
        return v == 1;
    }

    public int u16(String field) throws MalformedFrameException {
        need(2, field);
        int v = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return v;
    }

    public long u32(String field) throws MalformedFrameException {
        need(4, field);
        long v = ((long) (data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
                | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
        position += 4;
        return v;
    }

    public long i64(String field) throws MalformedFrameException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[position + i] & 0xFF);
        }
        position += 8;
        return v;
    }

    /** A signed 64-bit value that must be >= 0 (sequence numbers, views, counters). */
    public long nonNegative(String field) throws MalformedFrameException {
        long v = i64(field);
        if (v < 0) {
            throw new MalformedFrameException(Reason.VALUE_OUT_OF_RANGE, field + " must be >= 0, got " + v);
        }
        return v;
    }

    /** A replica id: u16 below {@code replicaCount}. */
    public int replica(String field, int replicaCount) throws MalformedFrameException {
        int v = u16(field);
        if (v >= replicaCount) {
            throw new MalformedFrameException(Reason.VALUE_OUT_OF_RANGE, field + " " + v + " is not a replica of " + replicaCount);
        }
        return v;
    }

    /** A count (u32) bounded by {@code max} and by the bytes left given each element's minimum size. */
    public int count(String field, int max, int minElementBytes) throws MalformedFrameException {
        long v = u32(field);
        if (v > max) {
            throw new MalformedFrameException(Reason.COUNT_OUT_OF_BOUNDS, field + " count " + v + " exceeds " + max);
        }
        if (minElementBytes > 0 && v * minElementBytes > remaining()) {
            throw new MalformedFrameException(Reason.TRUNCATED, field + " count " + v + " cannot fit in " + remaining() + " bytes");
        }
        return (int) v;
    }

    public byte[] bytes(int length, String field) throws MalformedFrameException {
        need(length, field);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** u32 length (bounded by {@code max}) followed by that many bytes. */
    public byte[] blob(String field, int max) throws MalformedFrameException {
        long length = u32(field + " length");
        if (length > max) {
            throw new MalformedFrameException(Reason.LENGTH_OUT_OF_BOUNDS, field + " length " + length + " exceeds " + max);
        }
        return bytes((int) length, field);
    }

    /** u16 length (bounded by {@code max}) followed by that many bytes. */
    public byte[] shortBlob(String field, int max) throws MalformedFrameException {
        int length = u16(field + " length");
        if (length > max) {
            throw new MalformedFrameException(Reason.LENGTH_OUT_OF_BOUNDS, field + " length " + length + " exceeds " + max);
        }
        return bytes(length, field);
    }

    public Digest digest(String field) throws MalformedFrameException {
        need(Digest.LENGTH, field);
        Digest d = Digest.of(data, position);
        position += Digest.LENGTH;
        return d;
    }

    public void expectEnd(String what) throws MalformedFrameException {
        if (position != end) {
            throw new MalformedFrameException(Reason.TRAILING_BYTES, (end - position) + " bytes after " + what);
        }
    }
}
