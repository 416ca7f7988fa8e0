package io.prime.runtime.edge;

import io.prime.core.RejectReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Frames refused at the edge, by reason, and the work done there. Thread-safe. */
public final class EdgeCounters {
    private final LongAdder[] rejected = new LongAdder[RejectReason.values().length];
    public final LongAdder verifiedFrames = new LongAdder();
    public final LongAdder signatureVerifications = new LongAdder();
    /** Frames dropped because their source's queue was over its hard bound (after reading had been paused). */
    public final LongAdder sourceOverflows = new LongAdder();

    public EdgeCounters() {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
        }
    }

    public void reject(RejectReason reason) {
        rejected[reason.ordinal()].increment();
    }

    public long rejected(RejectReason reason) {
        return rejected[reason.ordinal()].sum();
    }

    public Map<RejectReason, Long> rejected() {
        EnumMap<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            m.put(r, rejected[r.ordinal()].sum());
        }
        return m;
    }
}
