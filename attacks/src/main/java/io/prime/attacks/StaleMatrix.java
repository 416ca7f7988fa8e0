package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.order.MatrixRules;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * {@code stale-matrix}: while its replica leads the view, the faulty leader sends each PRE-PREPARE when its honest core
 * proposes it (on time, to everyone), but with a proof matrix older than what it holds (§4.2, "Enforcing up-to-date
 * PRE-PREPARE messages"): the matrix its core proposed a lag ago (four times TAT_acceptable; one second while that is
 * unknown), or, when that would not improve on the last one it sent, the last one sent with a single row brought up to
 * date. Every PRE-PREPARE stays a valid successor of the previous, so ordering goes on, slowly, and updates that
 * would have become eligible wait.
 *
 * <p>Defence: SUSPECT-LEADER's turnaround is measured to a PRE-PREPARE that <em>covers</em> the PROOF-MATRIX sent
 * (Fig. 1, item 5), not to any PRE-PREPARE: a stale matrix covers nothing recent, the turnarounds grow past
 * TAT_acceptable, and the leader is replaced.
 */
public final class StaleMatrix implements Behaviour {
    public static final String NAME = "stale-matrix";
    private static final long UNKNOWN_LAG_NANOS = 1_000_000_000L;
    private static final int HISTORY = 4096;

    private record Proposed(long atNanos, PoAruMatrix matrix) {
    }

    private final AttackContext ctx;
    private long view = -1;
    private PoAruMatrix lastSent;
    private final ArrayDeque<Proposed> history = new ArrayDeque<>();
    private final TreeMap<Long, Frame> sent = new TreeMap<>();
    private long staleSent;

    public StaleMatrix(AttackContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** PRE-PREPAREs sent with a matrix older than the honest one. */
    public long staleSent() {
        return staleSent;
    }

    /** How far back the proposed matrices lag. */
    long lagNanos() {
        long acceptable = ctx.tatAcceptableNanos();
        return acceptable == Long.MAX_VALUE ? UNKNOWN_LAG_NANOS : 4 * acceptable;
    }

    /** The stale matrix to send instead of {@code honest} at {@code now}; null to send the honest one. */
    PoAruMatrix stale(PoAruMatrix honest, long nowNanos) {
        if (lastSent == null) {
            return null;
        }
        PoAruMatrix old = null;
        for (Proposed p : history) {
            if (p.atNanos() <= nowNanos - lagNanos()) {
                old = p.matrix();
            } else {
                break;
            }
        }
        if (old != null && MatrixRules.validSuccessor(old, lastSent)) {
            return old;
        }
        long changed = LeaderMatrices.differingRows(honest, lastSent);
        for (int i = 0; i < ctx.n(); i++) {
            if ((changed & (1L << i)) != 0 && MatrixRules.rowAtLeastAsUpToDate(honest.row(i), lastSent.row(i))) {
                return LeaderMatrices.withRow(lastSent, i, honest);
            }
        }
        return null;
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        long v = ctx.view();
        if (v != view) {
            view = v;
            lastSent = v == 0 ? PoAruMatrix.empty(ctx.n()) : null; // a later view's base matrix is not known here
            history.clear();
            sent.clear();
        }
        boolean leader = ctx.isLeader();
        for (Outbound o : honest.messages()) {
            if (leader && !o.toClient() && o.frame().message() instanceof PrePrepare pp && pp.leader() == ctx.self()
                    && pp.view() == view) {
                Frame frame = sent.get(pp.seq());
                if (frame == null) {
                    PoAruMatrix matrix = stale(pp.matrix(), nowNanos);
                    if (matrix == null) {
                        frame = o.frame();
                        matrix = pp.matrix();
                    } else {
                        frame = ctx.sign(new PrePrepare(pp.view(), pp.seq(), pp.leader(), matrix));
                        staleSent++;
                    }
                    sent.put(pp.seq(), frame);
                    if (sent.size() > HISTORY) {
                        sent.pollFirstEntry();
                    }
                    lastSent = matrix;
                    history.add(new Proposed(nowNanos, pp.matrix()));
                    if (history.size() > HISTORY) {
                        history.poll();
                    }
                }
                out.send(Outbound.toReplicas(frame, o.replicaMask()));
                continue;
            }
            out.send(o);
        }
    }
}
