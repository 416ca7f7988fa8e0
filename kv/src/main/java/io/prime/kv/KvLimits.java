package io.prime.kv;

/**
 * Bounds of the store, part of the replicated configuration (every replica must use the same, or they would answer
 * the same operation differently). Validated once; defaults in {@link #defaults()}.
 *
 * @param maxKeyBytes   longest key
 * @param maxValueBytes longest value (a client update's payload is at most 64 KiB by default)
 * @param maxEntries    keys held before new keys are refused with STORE_FULL
 * @param maxTotalBytes key and value bytes held before growth is refused with STORE_FULL
 */
public record KvLimits(int maxKeyBytes, int maxValueBytes, long maxEntries, long maxTotalBytes) {
    public KvLimits {
        if (maxKeyBytes < 1 || maxKeyBytes > 0xFFFF) {
            throw new IllegalArgumentException("maxKeyBytes must be in [1, 65535]: " + maxKeyBytes);
        }
        if (maxValueBytes < 0) {
            throw new IllegalArgumentException("maxValueBytes must be >= 0");
        }
        if (maxEntries < 1 || maxTotalBytes < 1) {
            throw new IllegalArgumentException("maxEntries and maxTotalBytes must be >= 1");
        }
    }

    public static KvLimits defaults() {
        return new KvLimits(1024, 60 * 1024, 10_000_000L, 4L * 1024 * 1024 * 1024);
    }
}
