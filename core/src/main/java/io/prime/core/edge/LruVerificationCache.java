package io.prime.core.edge;

import io.prime.core.crypto.Digest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, deterministic cache that forgets its oldest entries first (insertion order: a hit does not reorder, which
 * keeps lookups cheap; what was verified long ago is what is least likely to come again). Not thread-safe.
 */
public final class LruVerificationCache implements VerificationCache {
    private final LinkedHashMap<Digest, Boolean> entries;

    public LruVerificationCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public boolean contains(Digest key) {
        return entries.get(key) != null;
    }

    @Override
    public void add(Digest key) {
        entries.put(key, Boolean.TRUE);
    }

    public int size() {
        return entries.size();
    }
}
