package io.prime.core.replica;

/**
 * "As soon as there is something new, but at most once per period": the sending discipline of PO-ARU, PROOF-MATRIX
 * and PRE-PREPARE messages. Keeps the bound Δagg of §6 while letting a quiet system answer at once.
 */
public final class Deadline {
    private final long periodNanos;
    private long lastFiredNanos = Long.MIN_VALUE / 2;

    public Deadline(long periodMicros) {
        this.periodNanos = periodMicros * 1_000;
    }

    /** True (and records the firing) if a period has passed since the last firing. */
    public boolean tryFire(long nowNanos) {
        if (nowNanos - lastFiredNanos >= periodNanos) {
            lastFiredNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** The earliest time the next firing is allowed. */
    public long nextAllowedNanos() {
        return lastFiredNanos + periodNanos;
    }

    public long lastFiredNanos() {
        return lastFiredNanos;
    }

    public long periodNanos() {
        return periodNanos;
    }
}
