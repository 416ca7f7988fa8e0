package io.prime.attacks;

import io.prime.core.message.Replay;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

/**
 * {@code slow-view-change}: a faulty new leader that withholds its REPLAY (§5.3). Its honest core answers the first
 * VC-PROOF at once; the behaviour holds that REPLAY for ten times TAT_acceptable (at least one second) and drops the
 * core's retransmissions meanwhile. A BFT-style view change would wait on a timeout that grows with every view change
 * (§5.1-5.2); here the non-leaders measure the turnaround from sending their VC-PROOF to receiving a REPLAY like any
 * other turnaround (SUSPECT-LEADER, Fig. 4 block D), so the slow leader is suspected and replaced as fast as a slow
 * normal-case leader, whatever happened before.
 */
public final class SlowViewChange implements Behaviour {
    public static final String NAME = "slow-view-change";
    private static final long MIN_DELAY_NANOS = 1_000_000_000L;

    private final AttackContext ctx;
    private long view = -1;
    private long releaseAtNanos = -1;
    private long withheld;

    public SlowViewChange(AttackContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** REPLAYs held back (first copies and dropped retransmissions). */
    public long withheld() {
        return withheld;
    }

    long delayNanos() {
        long acceptable = ctx.tatAcceptableNanos();
        return acceptable == Long.MAX_VALUE ? MIN_DELAY_NANOS : Math.max(MIN_DELAY_NANOS, 10 * acceptable);
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        long v = ctx.view();
        if (v != view) {
            view = v;
            releaseAtNanos = -1;
        }
        boolean leader = ctx.isLeader() && view > 0;
        for (Outbound o : honest.messages()) {
            if (leader && !o.toClient() && o.frame().message() instanceof Replay r && r.leader() == ctx.self()
                    && r.view() == view) {
                if (releaseAtNanos < 0) {
                    releaseAtNanos = nowNanos + delayNanos();
                    out.sendAt(releaseAtNanos, o);
                    withheld++;
                    continue;
                }
                if (nowNanos < releaseAtNanos) {
                    withheld++;
                    continue; // a retransmission before the release: dropped
                }
            }
            out.send(o);
        }
    }
}
