package io.prime.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts of rejected messages by reason. Not thread-safe: one per core or per edge worker. */
public final class Rejections {
    private final long[] counts = new long[RejectReason.values().length];

    public void count(RejectReason reason) {
        counts[reason.ordinal()]++;
    }

    public long get(RejectReason reason) {
        return counts[reason.ordinal()];
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    public void addAll(Rejections other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    public EnumMap<RejectReason, Long> snapshot() {
        EnumMap<RejectReason, Long> map = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            if (counts[r.ordinal()] > 0) {
                map.put(r, counts[r.ordinal()]);
            }
        }
        return map;
    }

    /** Non-zero counts keyed by {@link RejectReason#label()}, sorted, for JSON. */
    public Map<String, Long> byLabel() {
        Map<String, Long> map = new TreeMap<>();
        snapshot().forEach((r, c) -> map.put(r.label(), c));
        return map;
    }
}
