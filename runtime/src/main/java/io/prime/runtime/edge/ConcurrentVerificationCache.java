package io.prime.runtime.edge;

import io.prime.core.crypto.Digest;
import io.prime.core.edge.VerificationCache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The verification cache shared by all edge workers of a replica (or all clients of a process): bounded, lock-free on
 * lookups. Two generations: entries go into the current one; when it holds {@code capacity / 2} entries it becomes
 * the previous one and the old previous one is dropped. A lookup checks both, so an entry lives for between one half
 * and one whole capacity of later insertions (an approximate LRU without a global lock). Only successes are cached.
 */
public final class ConcurrentVerificationCache implements VerificationCache {
    private final int generationCapacity;
    private volatile ConcurrentHashMap<Digest, Boolean> current = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<Digest, Boolean> previous = new ConcurrentHashMap<>();
    private final AtomicInteger currentSize = new AtomicInteger();

    public ConcurrentVerificationCache(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2");
        }
        this.generationCapacity = capacity / 2;
    }

    @Override
    public boolean contains(Digest key) {
        return current.containsKey(key) || previous.containsKey(key);
    }

    @Override
    public void add(Digest key) {
        if (current.putIfAbsent(key, Boolean.TRUE) == null && currentSize.incrementAndGet() >= generationCapacity) {
            rotate();
        }
    }

    private synchronized void rotate() {
        if (currentSize.get() >= generationCapacity) {
            previous = current;
            current = new ConcurrentHashMap<>();
            currentSize.set(0);
        }
    }

    /** Entries held (at most twice the generation capacity, approximately). */
    public int size() {
        return current.size() + previous.size();
    }
}
