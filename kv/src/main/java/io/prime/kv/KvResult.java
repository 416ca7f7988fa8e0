package io.prime.kv;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reply to one KV operation. Encoding (big-endian): {@code u8 status}, then
 * <ul>
 *   <li>OK: {@code u8 hasValue}, and if 1 {@code u32 length, value} (GET's value);</li>
 *   <li>NOT_FOUND, STORE_FULL: nothing;</li>
 *   <li>CAS_MISMATCH: {@code u8 present}, and if 1 {@code u32 length, current value};</li>
 *   <li>MALFORMED: {@code u16 length, UTF-8 reason}.</li>
 * </ul>
 *
 * @param status what happened
 * @param value  GET's value or, for CAS_MISMATCH, the current value (null if none)
 * @param error  why a MALFORMED operation was refused (null otherwise)
 */
public record KvResult(Status status, byte[] value, String error) {
    public enum Status {
        OK, NOT_FOUND, CAS_MISMATCH, MALFORMED, STORE_FULL
    }

    public static final KvResult OK = new KvResult(Status.OK, null, null);
    public static final KvResult NOT_FOUND = new KvResult(Status.NOT_FOUND, null, null);
    public static final KvResult STORE_FULL = new KvResult(Status.STORE_FULL, null, null);

    public static KvResult value(byte[] value) {
        return new KvResult(Status.OK, value, null);
    }

    public static KvResult casMismatch(byte[] current) {
        return new KvResult(Status.CAS_MISMATCH, current, null);
    }

    public static KvResult malformed(String reason) {
        return new KvResult(Status.MALFORMED, null, reason);
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** The value as UTF-8 text, or null. */
    public String valueUtf8() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + (value == null ? 0 : value.length));
        out.write(status.ordinal());
        switch (status) {
            case OK, CAS_MISMATCH -> {
                out.write(value == null ? 0 : 1);
                if (value != null) {
                    out.write(value.length >>> 24);
                    out.write(value.length >>> 16);
                    out.write(value.length >>> 8);
                    out.write(value.length);
                    out.writeBytes(value);
                }
            }
            case MALFORMED -> {
                byte[] reason = error.getBytes(StandardCharsets.UTF_8);
                int n = Math.min(reason.length, 1024);
                out.write(n >>> 8);
                out.write(n);
                out.write(reason, 0, n);
            }
            default -> {
            }
        }
        return out.toByteArray();
    }

    /** Decodes a reply; throws IllegalArgumentException for bytes no store produces. */
    public static KvResult decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            int s = b.get() & 0xFF;
            if (s >= Status.values().length) {
                throw new IllegalArgumentException("unknown status " + s);
            }
            Status status = Status.values()[s];
            KvResult r;
            switch (status) {
                case OK, CAS_MISMATCH -> {
                    int has = b.get();
                    byte[] v = null;
                    if (has == 1) {
                        int n = b.getInt();
                        if (n < 0 || n > b.remaining()) {
                            throw new IllegalArgumentException("value length " + n);
                        }
                        v = new byte[n];
                        b.get(v);
                    } else if (has != 0) {
                        throw new IllegalArgumentException("value flag " + has);
                    }
                    r = new KvResult(status, v, null);
                }
                case MALFORMED -> {
                    int n = b.getShort() & 0xFFFF;
                    byte[] reason = new byte[n];
                    b.get(reason);
                    r = malformed(new String(reason, StandardCharsets.UTF_8));
                }
                default -> r = new KvResult(status, null, null);
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes");
            }
            return r;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated KV result", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvResult r && status == r.status && Arrays.equals(value, r.value)
                && java.util.Objects.equals(error, r.error);
    }

    @Override
    public int hashCode() {
        return status.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return switch (status) {
            case OK -> value == null ? "OK" : "OK " + valueUtf8();
            case CAS_MISMATCH -> "CAS_MISMATCH (current: " + (value == null ? "absent" : valueUtf8()) + ")";
            case MALFORMED -> "MALFORMED: " + error;
            default -> status.name();
        };
    }
}
