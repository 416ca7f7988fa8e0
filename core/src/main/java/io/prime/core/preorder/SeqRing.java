package io.prime.core.preorder;

import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A sorted map from sequence number to value for keys that sit in a window and leave from the low end: a ring
 * buffer indexed by {@code key - firstKey}. The preorder slots of an origin live in one (their keys are bounded below by
 * what was collected and above by PO_Aru plus the preorder window, and are nearly all present), where a TreeMap spent
 * a node, a boxed key and a tree walk per lookup (7 % of a simulated run). Memory is one reference per key between the
 * lowest and the highest held, so callers keep that span bounded. Not thread-safe.
 */
final class SeqRing<V> {
    private static final int MAX_CAPACITY = 1 << 30;
    private Object[] ring = new Object[16];
    /** The key at {@code ring[head]}; when not empty, it and the highest key are present. */
    private long first;
    private int head;
    /** Keys first .. first + span - 1 have positions; 0 when empty. */
    private int span;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The lowest key held; only when not empty. */
    long firstKey() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return first;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        long offset = key - first;
        if (offset < 0 || offset >= span) {
            return null;
        }
        return (V) ring[(int) ((head + offset) & (ring.length - 1))];
    }

    V computeIfAbsent(long key, LongFunction<V> create) {
        V v = get(key);
        if (v != null) {
            return v;
        }
        v = create.apply(key);
        if (span == 0) {
            first = key;
            head = 0;
            span = 1;
        } else if (key < first) {
            int grow = checkedSpan(first - key);
            ensureCapacity(span + grow);
            head = (head - grow) & (ring.length - 1);
            first = key;
            span += grow;
        } else if (key - first >= span) {
            int grow = checkedSpan(key - first - span + 1);
            ensureCapacity(span + grow);
            span += grow;
        }
        ring[(int) ((head + (key - first)) & (ring.length - 1))] = v;
        size++;
        return v;
    }

    /** Removes every key at or below {@code key}, lowest first, handing each value to {@code removed}. */
    @SuppressWarnings("unchecked")
    void removeUpTo(long key, Consumer<V> removed) {
        while (size > 0 && first <= key) {
            V v = (V) ring[head];
            ring[head] = null;
            size--;
            advance();
            skipAbsent();
            removed.accept(v);
        }
    }

    /** Hands every value whose key is above {@code key} to {@code action}, in ascending key order. */
    @SuppressWarnings("unchecked")
    void forEachAbove(long key, Consumer<V> action) {
        long from = Math.max(0, key - first + 1);
        for (long i = from; i < span; i++) {
            V v = (V) ring[(int) ((head + i) & (ring.length - 1))];
            if (v != null) {
                action.accept(v);
            }
        }
    }

    private void advance() {
        head = (head + 1) & (ring.length - 1);
        first++;
        span--;
    }

    /** Restores the invariant that the lowest position holds a value (the highest always does). */
    private void skipAbsent() {
        while (span > 0 && ring[head] == null) {
            advance();
        }
    }

    private int checkedSpan(long grow) {
        if (grow > MAX_CAPACITY - span) {
            throw new IllegalStateException("a window of more than " + MAX_CAPACITY + " sequence numbers");
        }
        return (int) grow;
    }

    private void ensureCapacity(int needed) {
        if (needed <= ring.length) {
            return;
        }
        int capacity = Integer.highestOneBit(needed - 1) << 1;
        Object[] bigger = new Object[capacity];
        for (int i = 0; i < span; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }
}
