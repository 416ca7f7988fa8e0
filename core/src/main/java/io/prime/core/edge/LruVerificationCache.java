package io.prime.core.edge;

import io.prime.core.crypto.Digest;

/**
 * A bounded, deterministic cache that forgets its oldest entries first (insertion order: a hit does not reorder, which
 * keeps lookups cheap; what was verified long ago is what is least likely to come again). Not thread-safe.
 *
 * <p>An open-addressing table (linear probing, at most half full) beside a ring of the keys in insertion order: no
 * node per entry, unlike the LinkedHashMap it replaces, whose entries were a good part of what a long simulation
 * promoted and whose upkeep cost 8 % of it. Removal of the oldest key shifts its probe run back (no tombstones).
 */
public final class LruVerificationCache implements VerificationCache {
    private final Digest[] table;
    /** The hash of each key in {@code table}: probing compares these, not the digests, so it reads no key object. */
    private final int[] hashes;
    private final int mask;
    private final int shift;
    private final Digest[] order;
    private final int[] orderHashes;
    private int oldest;
    private int size;

    public LruVerificationCache(int capacity) {
        if (capacity < 1 || capacity > 1 << 28) {
            throw new IllegalArgumentException("capacity must be in [1, 2^28]: " + capacity);
        }
        int slots = Math.max(4, Integer.highestOneBit(capacity) << 2); // at most half full
        this.table = new Digest[slots];
        this.hashes = new int[slots];
        this.mask = slots - 1;
        this.shift = 32 - Integer.numberOfTrailingZeros(slots);
        this.order = new Digest[capacity];
        this.orderHashes = new int[capacity];
    }

    @Override
    public boolean contains(Digest key) {
        int h = key.hashCode();
        for (int i = home(h); ; i = (i + 1) & mask) {
            Digest d = table[i];
            if (d == null) {
                return false;
            }
            if (hashes[i] == h && d.equals(key)) {
                return true;
            }
        }
    }

    @Override
    public void add(Digest key) {
        int h = key.hashCode();
        int i = home(h);
        for (; table[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && table[i].equals(key)) {
                return; // already there: keeps its place in the order
            }
        }
        if (size == order.length) {
            removeOldest();
            // Removal may have shifted the run this key was about to join: find its free slot again.
            i = home(h);
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
        }
        table[i] = key;
        hashes[i] = h;
        int last = (oldest + size) % order.length;
        order[last] = key;
        orderHashes[last] = h;
        size++;
    }

    public int size() {
        return size;
    }

    /** Fibonacci hashing: the high bits of the product. */
    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** Backward-shift deletion of the oldest key: every probe run stays unbroken, with no tombstones. */
    private void removeOldest() {
        Digest key = order[oldest];
        int hole = home(orderHashes[oldest]);
        order[oldest] = null;
        oldest = (oldest + 1) % order.length;
        size--;
        while (table[hole] != key) {
            hole = (hole + 1) & mask;
        }
        for (int i = (hole + 1) & mask; table[i] != null; i = (i + 1) & mask) {
            int home = home(hashes[i]);
            // The entry at i may move into the hole unless its home lies cyclically in (hole, i].
            boolean stays = hole <= i ? home > hole && home <= i : home > hole || home <= i;
            if (!stays) {
                table[hole] = table[i];
                hashes[hole] = hashes[i];
                table[i] = null;
                hole = i;
            }
        }
        table[hole] = null;
    }
}
