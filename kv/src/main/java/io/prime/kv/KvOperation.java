package io.prime.kv;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key-value operation, as a client submits it in an update's payload. Encoding (big-endian):
 *
 * <pre>
 *   u8 opcode       1 PUT, 2 GET, 3 DELETE, 4 CAS
 *   u16 keyLength   1..{@link KvLimits#maxKeyBytes()}, then the key
 *   PUT:    u32 valueLength, value
 *   CAS:    u8 expectPresent (0|1), [u32 length, expected value if present], u32 length, new value
 * </pre>
 *
 * Nothing may follow the last field. Every operation, reads included, goes through the total order, so a GET sees
 * every write ordered before it (linearizable reads).
 */
public sealed interface KvOperation {
    byte PUT = 1;
    byte GET = 2;
    byte DELETE = 3;
    byte CAS = 4;

    byte[] key();

    record Put(byte[] key, byte[] value) implements KvOperation {
        public Put {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
        }
    }

    record Get(byte[] key) implements KvOperation {
        public Get {
            Objects.requireNonNull(key);
        }
    }

    record Delete(byte[] key) implements KvOperation {
        public Delete {
            Objects.requireNonNull(key);
        }
    }

    /** Sets {@code key} to {@code newValue} if its current value is {@code expected} (null: the key is absent). */
    record CompareAndSet(byte[] key, byte[] expected, byte[] newValue) implements KvOperation {
        public CompareAndSet {
            Objects.requireNonNull(key);
            Objects.requireNonNull(newValue);
        }
    }

    static Put put(String key, String value) {
        return new Put(utf8(key), utf8(value));
    }

    static Get get(String key) {
        return new Get(utf8(key));
    }

    static Delete delete(String key) {
        return new Delete(utf8(key));
    }

    static CompareAndSet cas(String key, String expected, String newValue) {
        return new CompareAndSet(utf8(key), expected == null ? null : utf8(expected), utf8(newValue));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical encoding. */
    static byte[] encode(KvOperation op) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] key = op.key();
        if (key.length > 0xFFFF) {
            throw new IllegalArgumentException("key of " + key.length + " bytes");
        }
        if (op instanceof Put p) {
            out.write(PUT);
            writeKey(out, key);
            writeBlob(out, p.value());
        } else if (op instanceof Get) {
            out.write(GET);
            writeKey(out, key);
        } else if (op instanceof Delete) {
            out.write(DELETE);
            writeKey(out, key);
        } else if (op instanceof CompareAndSet c) {
            out.write(CAS);
            writeKey(out, key);
            out.write(c.expected() == null ? 0 : 1);
            if (c.expected() != null) {
                writeBlob(out, c.expected());
            }
            writeBlob(out, c.newValue());
        }
        return out.toByteArray();
    }

    /**
     * Decodes an operation; throws {@link MalformedOperationException} with the reason for anything that is not
     * exactly a canonical encoding within {@code limits}.
     */
    static KvOperation decode(byte[] payload, KvLimits limits) throws MalformedOperationException {
        ByteBuffer b = ByteBuffer.wrap(payload);
        if (!b.hasRemaining()) {
            throw new MalformedOperationException("empty operation");
        }
        byte opcode = b.get();
        if (opcode < PUT || opcode > CAS) {
            throw new MalformedOperationException("unknown opcode " + (opcode & 0xFF));
        }
        byte[] key = readKey(b, limits);
        KvOperation op;
        switch (opcode) {
            case PUT -> op = new Put(key, readBlob(b, limits, "value"));
            case GET -> op = new Get(key);
            case DELETE -> op = new Delete(key);
            default -> {
                if (!b.hasRemaining()) {
                    throw new MalformedOperationException("truncated CAS");
                }
                int present = b.get();
                if (present != 0 && present != 1) {
                    throw new MalformedOperationException("CAS presence flag " + present);
                }
                byte[] expected = present == 1 ? readBlob(b, limits, "expected value") : null;
                op = new CompareAndSet(key, expected, readBlob(b, limits, "new value"));
            }
        }
        if (b.hasRemaining()) {
            throw new MalformedOperationException(b.remaining() + " bytes after the operation");
        }
        return op;
    }

    private static void writeKey(ByteArrayOutputStream out, byte[] key) {
        out.write(key.length >>> 8);
        out.write(key.length);
        out.writeBytes(key);
    }

    private static void writeBlob(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >>> 24);
        out.write(value.length >>> 16);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] readKey(ByteBuffer b, KvLimits limits) throws MalformedOperationException {
        if (b.remaining() < 2) {
            throw new MalformedOperationException("truncated key length");
        }
        int length = b.getShort() & 0xFFFF;
        if (length == 0 || length > limits.maxKeyBytes()) {
            throw new MalformedOperationException("key of " + length + " bytes (allowed 1.." + limits.maxKeyBytes() + ")");
        }
        if (b.remaining() < length) {
            throw new MalformedOperationException("truncated key");
        }
        byte[] key = new byte[length];
        b.get(key);
        return key;
    }

    private static byte[] readBlob(ByteBuffer b, KvLimits limits, String what) throws MalformedOperationException {
        if (b.remaining() < 4) {
            throw new MalformedOperationException("truncated " + what + " length");
        }
        long length = b.getInt() & 0xFFFFFFFFL;
        if (length > limits.maxValueBytes()) {
            throw new MalformedOperationException(what + " of " + length + " bytes (allowed " + limits.maxValueBytes() + ")");
        }
        if (b.remaining() < length) {
            throw new MalformedOperationException("truncated " + what);
        }
        byte[] v = new byte[(int) length];
        b.get(v);
        return v;
    }

    /** Content equality for tests and logs (records compare arrays by identity). */
    static boolean sameOperation(KvOperation a, KvOperation b) {
        return Arrays.equals(encode(a), encode(b));
    }
}
