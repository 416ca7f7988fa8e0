package io.prime.pbft.attack;

import io.prime.pbft.PbftConfig;

/**
 * A faulty server that helps a delaying leader (needed when f >= 2, see {@link PrePrepareDelayAttack}): it runs the
 * honest protocol in full — it prepares, commits, executes and even joins view changes that f+1 others start — but
 * never suspects the leader itself: its core is built with a suspicion timeout no honest configuration would use.
 */
public final class Accomplice {
    /** The accomplice's initial timeout: longer than any run (over an hour; the largest PbftConfig accepts). */
    public static final long NEVER_MICROS = 4_000_000_000L;

    private Accomplice() {
    }

    /** The configuration an accomplice's core runs: {@code honest}'s with a timeout that never expires. */
    public static PbftConfig config(PbftConfig honest) {
        return honest.toBuilder().initialTimeoutMicros(NEVER_MICROS).build();
    }
}
