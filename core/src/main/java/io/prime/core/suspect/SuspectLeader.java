package io.prime.core.suspect;

import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.RttMeasure;
import io.prime.core.message.RttPing;
import io.prime.core.message.RttPong;
import io.prime.core.message.TatMeasure;
import io.prime.core.message.TatUb;
import io.prime.core.RejectReason;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaContext;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * SUSPECT-LEADER, exactly as Fig. 4 (§4.2). Each server measures round-trip times to the others (block B), derives
 * from them an upper bound α on the turnaround time any correct server would compute for it as leader and
 * broadcasts it (block C), broadcasts the largest turnaround time (TAT) the current leader gave it (block D), and
 * suspects the leader when TAT_leader > TAT_acceptable (block E). The TAT is measured from sending a PROOF-MATRIX to
 * receiving a PRE-PREPARE that covers it, and during a view change from sending a VC-PROOF to receiving a REPLAY (§5.3).
 *
 * <p>Two details the figure leaves implicit, both needed for Property 4.1: a server counts itself in its own vectors
 * (a broadcast reaches its sender; with f silent servers and its own entry left at infinity, α would be infinite), and
 * the maximum TAT includes PROOF-MATRIX messages still waiting for a covering PRE-PREPARE (otherwise a leader that
 * never sends one would never be measured).
 */
public final class SuspectLeader {
    /** Told when this server starts suspecting the leader of the current view. */
    @FunctionalInterface
    public interface Listener {
        void suspect(long view, String why);
    }

    /**
     * Whether a PRE-PREPARE's matrix covers a PROOF-MATRIX's: Fig. 1, item 5, after §4.2's blacklist-before-compare
     * (servers whose rows in the two are inconsistent are blacklisted first, so they cannot make a correct leader look
     * slow). Provided by the blacklist.
     */
    @FunctionalInterface
    public interface Coverage {
        boolean covers(PoAruMatrix prePrepareMatrix, PoAruMatrix proofMatrix);
    }

    private record Pending(long sentMicros, PoAruMatrix matrix) {
    }

    private static final int PING_HISTORY = 16;
    private static final int MAX_PENDING = 4096;

    private final ReplicaContext ctx;
    private final Listener listener;
    private final Coverage coverage;
    private long view = -1;
    private final long[] tatsIfLeader;
    private final long[] tatLeaderUbs;
    private final long[] reportedTats;
    private long pingSeq;
    private final long[] pingSeqs = new long[PING_HISTORY];
    private final long[] pingSentMicros = new long[PING_HISTORY];
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long vcProofSentMicros = -1;
    private long maxTatMicros;
    private String maxTatWhat = "";
    private PoAruMatrix lastPrePrepareMatrix;
    private long nextPingNanos;
    private long nextReportNanos;
    private long nextCheckNanos;
    private boolean suspected;

    public SuspectLeader(ReplicaContext ctx, Listener listener, Coverage coverage) {
        this.ctx = ctx;
        this.listener = listener;
        this.coverage = coverage;
        this.tatsIfLeader = new long[ctx.n];
        this.tatLeaderUbs = new long[ctx.n];
        this.reportedTats = new long[ctx.n];
    }

    /** Block A: initialization at the start of each view (preinstalled). */
    public void newView(long v) {
        view = v;
        Arrays.fill(tatsIfLeader, Long.MAX_VALUE);
        Arrays.fill(tatLeaderUbs, Long.MAX_VALUE);
        Arrays.fill(reportedTats, 0);
        Arrays.fill(pingSeqs, -1);
        pingSeq = 0;
        pending.clear();
        lastPrePrepareMatrix = PoAruMatrix.empty(ctx.n);
        vcProofSentMicros = -1;
        maxTatMicros = 0;
        maxTatWhat = "";
        suspected = false;
        long now = ctx.now();
        nextPingNanos = now + 1; // at the next tick: a view may be preinstalled after this step's periodic work
        nextReportNanos = now + ctx.config.tatReportPeriodMicros * 1_000;
        nextCheckNanos = now + ctx.config.suspectCheckPeriodMicros * 1_000;
        // A broadcast reaches its sender: the round trip to oneself is zero.
        tatsIfLeader[ctx.self] = TatQuorum.tatIfLeader(0, ctx.config.kLat, ctx.config.deltaPpMicros);
    }

    private long nowMicros() {
        return ctx.now() / 1_000;
    }

    private boolean current(long messageView) {
        if (messageView != view) {
            ctx.reject(messageView < view ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ block B: RTT measurement

    public void onPing(RttPing ping) {
        if (current(ping.view())) {
            ctx.outbox.sendTo(ping.sender(), new RttPong(view, ping.pingSeq(), ctx.self, ping.sender()));
        }
    }

    public void onPong(RttPong pong) {
        if (!current(pong.view()) || pong.target() != ctx.self) {
            return;
        }
        int at = (int) (pong.pingSeq() % PING_HISTORY);
        if (pingSeqs[at] != pong.pingSeq()) {
            ctx.reject(RejectReason.STALE); // too old, or never sent
            return;
        }
        long rtt = Math.max(0, nowMicros() - pingSentMicros[at]);
        ctx.outbox.sendTo(pong.sender(), new RttMeasure(view, rtt, ctx.self, pong.sender()));
    }

    /** B9-B12: server j measured rtt to us; as leader we would owe j a turnaround within rtt * K_Lat + Δpp. */
    public void onMeasure(RttMeasure m) {
        if (!current(m.view()) || m.target() != ctx.self) {
            return;
        }
        long t = TatQuorum.tatIfLeader(m.rttMicros(), ctx.config.kLat, ctx.config.deltaPpMicros);
        if (t < tatsIfLeader[m.sender()]) {
            tatsIfLeader[m.sender()] = t;
        }
    }

    // ------------------------------------------------------------------ block C and D: reports

    public void onTatUb(TatUb m) {
        if (current(m.view()) && m.alphaMicros() < tatLeaderUbs[m.sender()]) {
            tatLeaderUbs[m.sender()] = m.alphaMicros();
        }
    }

    public void onTatMeasure(TatMeasure m) {
        if (current(m.view()) && m.maxTatMicros() > reportedTats[m.sender()]) {
            reportedTats[m.sender()] = m.maxTatMicros();
        }
    }

    // ------------------------------------------------------------------ turnaround times

    /**
     * This server sent a PROOF-MATRIX to the leader: a turnaround starts, unless the last PRE-PREPARE already covers it
     * (then there is nothing to ask of the leader: a quiet system must not make a correct leader look slow).
     */
    public void proofMatrixSent(PoAruMatrix matrix) {
        if (coverage.covers(lastPrePrepareMatrix, matrix)) {
            return;
        }
        if (pending.size() < MAX_PENDING) {
            pending.add(new Pending(nowMicros(), matrix));
        }
    }

    /**
     * A PRE-PREPARE of the current view arrived: every pending PROOF-MATRIX it covers completes its turnaround. Before
     * comparing, §4.2's blacklist-before-compare: a server whose rows in the two matrices are inconsistent is proven
     * faulty and blacklisted, so it cannot make a correct leader look slow.
     */
    public void prePrepareReceived(PrePrepare pp) {
        if (pp.view() != view) {
            return;
        }
        long now = nowMicros();
        lastPrePrepareMatrix = pp.matrix();
        while (!pending.isEmpty()) {
            Pending p = pending.peek();
            if (!coverage.covers(pp.matrix(), p.matrix())) {
                return; // later PROOF-MATRIX messages are at least as up to date: not covered either
            }
            pending.poll();
            recordTat(now - p.sentMicros(), "PROOF-MATRIX sent at " + p.sentMicros() + " us covered by PRE-PREPARE seq " + pp.seq());
        }
    }

    private void recordTat(long tat, String what) {
        if (tat > maxTatMicros) {
            maxTatMicros = tat;
            maxTatWhat = what + " at " + nowMicros() + " us";
        }
    }

    /** How the largest turnaround of this view was measured, for traces. */
    public String maxTatWhat() {
        return maxTatWhat;
    }

    /** §5.3: this server sent a VC-PROOF to the new leader: a turnaround starts, ended by a valid REPLAY. */
    public void vcProofSent() {
        if (vcProofSentMicros < 0) {
            vcProofSentMicros = nowMicros();
        }
    }

    /**
     * Any valid REPLAY for the view ends the VC-PROOF turnaround (§5.3: "any REPLAY message will do"). The leader is
     * credited with the threshold-signature checks it must do first ({@code viewChangeWorkMicros}).
     */
    public void replayReceived() {
        if (vcProofSentMicros >= 0) {
            recordTat(vcProofTurnaround(nowMicros()), "VC-PROOF sent at " + vcProofSentMicros + " us answered by REPLAY"
                    + " (less " + ctx.config.viewChangeWorkMicros + " us for the leader's threshold checks)");
            vcProofSentMicros = -2; // done for this view
        }
    }

    /** The largest turnaround this view, counting those still running. */
    public long currentMaxTatMicros() {
        long now = nowMicros();
        long max = maxTatMicros;
        if (!pending.isEmpty()) {
            max = Math.max(max, now - pending.peek().sentMicros());
        }
        if (vcProofSentMicros >= 0) {
            max = Math.max(max, vcProofTurnaround(now));
        }
        return max;
    }

    /** The VC-PROOF → REPLAY turnaround so far, less the view-change work a correct leader must do first. */
    private long vcProofTurnaround(long nowMicros) {
        return Math.max(0, nowMicros - vcProofSentMicros - ctx.config.viewChangeWorkMicros);
    }

    // ------------------------------------------------------------------ the periodic blocks

    public void periodic() {
        if (view < 0) {
            return;
        }
        long now = ctx.now();
        if (now >= nextPingNanos) {
            nextPingNanos = now + ctx.config.rttPingPeriodMicros * 1_000;
            int at = (int) (pingSeq % PING_HISTORY);
            pingSeqs[at] = pingSeq;
            pingSentMicros[at] = nowMicros();
            ctx.outbox.broadcast(new RttPing(view, pingSeq, ctx.self));
            pingSeq++;
        }
        if (now >= nextReportNanos) {
            nextReportNanos = now + ctx.config.tatReportPeriodMicros * 1_000;
            long alpha = TatQuorum.alpha(tatsIfLeader, ctx.f);
            tatLeaderUbs[ctx.self] = Math.min(tatLeaderUbs[ctx.self], alpha);
            ctx.outbox.broadcast(new TatUb(view, alpha, ctx.self));
            if (!ctx.isLeader()) {
                long tat = currentMaxTatMicros();
                reportedTats[ctx.self] = Math.max(reportedTats[ctx.self], tat);
                ctx.outbox.broadcast(new TatMeasure(view, tat, ctx.self));
            }
        }
        if (now >= nextCheckNanos) {
            nextCheckNanos = now + ctx.config.suspectCheckPeriodMicros * 1_000;
            if (!ctx.isLeader() && !suspected && TatQuorum.suspect(tatLeaderUbs, reportedTats, ctx.f)) {
                suspected = true;
                String why = "TAT_leader " + tatLeader() + " us > TAT_acceptable " + tatAcceptable() + " us"
                        + (maxTatWhat.isEmpty() ? "" : " (own largest: " + currentMaxTatMicros() + " us, " + maxTatWhat + ")");
                ctx.event(ProtocolEvent.Type.LEADER_SUSPECTED, "leader " + ctx.leader() + " of view " + view + ": " + why);
                listener.suspect(view, why);
            }
        }
    }

    public long nextDeadlineNanos() {
        return view < 0 ? Long.MAX_VALUE : Math.min(nextPingNanos, Math.min(nextReportNanos, nextCheckNanos));
    }

    public long tatAcceptable() {
        return TatQuorum.tatAcceptable(tatLeaderUbs, ctx.f);
    }

    public long tatLeader() {
        return TatQuorum.tatLeader(reportedTats, ctx.f);
    }

    public boolean suspected() {
        return suspected;
    }

    public long view() {
        return view;
    }
}
