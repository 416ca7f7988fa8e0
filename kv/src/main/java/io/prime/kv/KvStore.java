package io.prime.kv;

import io.prime.core.app.ExecutionContext;
import io.prime.core.app.StateMachine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replicated key-value store: PUT, GET, DELETE and compare-and-set over byte-string keys and values, every
 * operation (reads too) applied in Prime's total order, so the store is linearizable. Deterministic: keys live in a
 * {@link TreeMap} ordered by unsigned bytes, nothing reads a clock or iterates a hash order, and a malformed
 * operation gets a MALFORMED result (identical at every replica) instead of an exception.
 *
 * <p>Snapshot encoding: {@code u32 count}, then for each key in order {@code u16 keyLength, key, u32 valueLength,
 * value}.
 */
public final class KvStore implements StateMachine {
    private final KvLimits limits;
    private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
    private long totalBytes;

    public KvStore() {
        this(KvLimits.defaults());
    }

    public KvStore(KvLimits limits) {
        this.limits = limits;
    }

    @Override
    public byte[] execute(ExecutionContext context, byte[] payload) {
        return apply(payload).encode();
    }

    /** Applies one encoded operation and returns its result. */
    public KvResult apply(byte[] payload) {
        KvOperation op;
        try {
            op = KvOperation.decode(payload, limits);
        } catch (MalformedOperationException e) {
            return KvResult.malformed(e.getMessage());
        }
        return apply(op);
    }

    private KvResult apply(KvOperation op) {
        byte[] key = op.key();
        byte[] current = entries.get(key);
        if (op instanceof KvOperation.Get) {
            return current == null ? KvResult.NOT_FOUND : KvResult.value(current);
        }
        if (op instanceof KvOperation.Delete) {
            if (current == null) {
                return KvResult.NOT_FOUND;
            }
            entries.remove(key);
            totalBytes -= key.length + current.length;
            return KvResult.OK;
        }
        if (op instanceof KvOperation.Put p) {
            return store(key, current, p.value());
        }
        KvOperation.CompareAndSet c = (KvOperation.CompareAndSet) op;
        boolean matches = c.expected() == null ? current == null : current != null && Arrays.equals(current, c.expected());
        if (!matches) {
            return KvResult.casMismatch(current);
        }
        return store(key, current, c.newValue());
    }

    private KvResult store(byte[] key, byte[] current, byte[] value) {
        long growth = current == null ? key.length + (long) value.length : value.length - (long) current.length;
        if ((current == null && entries.size() >= limits.maxEntries()) || (growth > 0 && totalBytes + growth > limits.maxTotalBytes())) {
            return KvResult.STORE_FULL;
        }
        entries.put(key, value);
        totalBytes += growth;
        return KvResult.OK;
    }

    public int size() {
        return entries.size();
    }

    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, totalBytes + 6L * entries.size() + 4));
        ByteBuffer header = ByteBuffer.allocate(4).putInt(entries.size());
        out.writeBytes(header.array());
        ByteBuffer lengths = ByteBuffer.allocate(4);
        for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
            out.write(e.getKey().length >>> 8);
            out.write(e.getKey().length);
            out.writeBytes(e.getKey());
            lengths.clear();
            out.writeBytes(lengths.putInt(e.getValue().length).array());
            out.writeBytes(e.getValue());
        }
        return out.toByteArray();
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        TreeMap<byte[], byte[]> restored = new TreeMap<>(Arrays::compareUnsigned);
        long bytes = 0;
        try {
            int count = b.getInt();
            if (count < 0) {
                throw new IllegalArgumentException("negative entry count");
            }
            byte[] previous = null;
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[b.getShort() & 0xFFFF];
                b.get(key);
                int n = b.getInt();
                if (n < 0 || n > b.remaining()) {
                    throw new IllegalArgumentException("value length " + n);
                }
                byte[] value = new byte[n];
                b.get(value);
                if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                    throw new IllegalArgumentException("keys not in canonical order");
                }
                restored.put(key, value);
                bytes += key.length + (long) value.length;
                previous = key;
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated snapshot", e);
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after snapshot");
        }
        entries.clear();
        entries.putAll(restored);
        totalBytes = bytes;
    }
}
