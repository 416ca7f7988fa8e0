package io.prime.core.viewchange;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.message.NewLeader;
import io.prime.core.message.NewLeaderProof;
import io.prime.core.replica.ReplicaContext;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Replacing a leader. A server that suspects the leader of view v (SUSPECT-LEADER) broadcasts a signed
 * NEW-LEADER(v+1). When a server holds NEW-LEADER(w) from 2f+1 distinct servers for some w above its view, it
 * preinstalls view w (§5.3: "when a server learns that a new leader has been elected in view v, we say that it
 * preinstalls view v") and forwards those 2f+1 signed votes as a NEW-LEADER-PROOF, so every correct server preinstalls
 * w even if it missed some votes. The leader of view w is w mod N.
 *
 * <p>Thresholds. <em>Safe:</em> 2f+1 votes include at least f+1 correct servers, so the f faulty servers cannot depose
 * a leader on their own. <em>Live:</em> correct servers compute TAT_leader and TAT_acceptable from the same broadcast
 * reports, so a leader too slow for one correct server's quorum statistics is, once the reports have arrived, too slow
 * for all of them: all 2f+1 correct servers vote. No f+1 "join" rule: it would let the f faulty servers and a single
 * correct server with an unlucky measurement replace a correct leader. No timeout is involved, so nothing grows with
 * the number of view changes (§3.2, §5.2). A server keeps re-broadcasting its vote while it stays in the view it
 * suspects, so lost votes are repaired.
 */
public final class LeaderElection {
    /** Told to preinstall a view. */
    @FunctionalInterface
    public interface Listener {
        void preinstall(long view);
    }

    private static final class Votes {
        final Frame[] frames;
        long mask;

        Votes(int n) {
            frames = new Frame[n];
        }
    }

    private final ReplicaContext ctx;
    private final Listener listener;
    private final TreeMap<Long, Votes> votes = new TreeMap<>();
    /** The view this server voted to leave (its vote is for votedFor), or -1. */
    private long votedFor = -1;
    private long nextResendNanos;
    /**
     * The proof of the last view preinstalled (2f+1 signed votes): for replicas that missed it, and to show servers
     * still voting for it.
     */
    private NewLeaderProof currentProof;
    /** The other votes of a quorum our own unsigned vote completed, waiting for that vote's frame. */
    private List<Frame> incompleteProof;
    private long incompleteProofView = -1;
    /** When each server was last shown {@link #currentProof}: at most once per retransmission period. */
    private final long[] proofShownNanos;

    public LeaderElection(ReplicaContext ctx, Listener listener) {
        this.ctx = ctx;
        this.listener = listener;
        this.proofShownNanos = new long[ctx.n];
        java.util.Arrays.fill(proofShownNanos, Long.MIN_VALUE);
    }

    /** SUSPECT-LEADER suspects the leader of {@code view}: vote for the next view. */
    public void suspect(long view) {
        if (view != ctx.view() || votedFor > view) {
            return;
        }
        votedFor = view + 1;
        record(ctx.self, view + 1, null);
        ctx.outbox.broadcast(new NewLeader(view + 1, ctx.self));
        nextResendNanos = ctx.now() + ctx.config.retransmitPeriodMicros * 1_000;
        check(view + 1);
    }

    /**
     * After a restart in the middle of the view change to {@code view} (its fence forbids this replica to take part in
     * that view change again, see {@link io.prime.core.durable.Fence}): vote to move past it. If the others completed
     * it meanwhile, this replica learns it by catch-up and the lone vote changes nothing (2f+1 are needed).
     */
    public void leaveFencedView(long view) {
        if (votedFor > view) {
            return;
        }
        votedFor = view + 1;
        record(ctx.self, view + 1, null);
        ctx.outbox.broadcast(new NewLeader(view + 1, ctx.self));
        nextResendNanos = ctx.now() + ctx.config.retransmitPeriodMicros * 1_000;
        check(view + 1);
    }

    public void onNewLeader(Frame frame, NewLeader m) {
        if (m.view() <= ctx.view()) {
            ctx.reject(RejectReason.STALE);
            showProof(m.sender());
            return;
        }
        if (m.view() > ctx.view() + ctx.n) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return;
        }
        if (!record(m.sender(), m.view(), frame)) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        check(m.view());
    }

    public void onProof(NewLeaderProof proof) {
        if (proof.view() <= ctx.view()) {
            ctx.reject(RejectReason.STALE);
            return;
        }
        long mask = 0;
        for (Frame f : proof.votes()) {
            NewLeader vote = (NewLeader) f.message();
            if (vote.view() != proof.view()) {
                ctx.reject(RejectReason.INVALID);
                return;
            }
            mask |= 1L << vote.sender();
        }
        if (Long.bitCount(mask) < ctx.config.quorum()) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        for (Frame f : proof.votes()) {
            record(((NewLeader) f.message()).sender(), proof.view(), f);
        }
        currentProof = new NewLeaderProof(ctx.self, proof.view(), proof.votes());
        check(proof.view());
    }

    /** The proof of the current view, if this replica holds one (not for view 0, which needs none). */
    public NewLeaderProof currentProof() {
        return currentProof != null && currentProof.view() == ctx.view() ? currentProof : null;
    }

    /** Our own signed vote, so it can go into a proof. */
    public void ownFrame(Frame frame) {
        if (frame.message() instanceof NewLeader m) {
            Votes v = votes.get(m.view());
            if (v != null && v.frames[ctx.self] == null) {
                v.frames[ctx.self] = frame;
            }
            if (incompleteProof != null && m.view() == ctx.view() && incompleteProofView == ctx.view()) {
                // Our vote completed the quorum in the step that signed it: the proof can be made now.
                incompleteProof.add(frame);
                currentProof = new NewLeaderProof(ctx.self, ctx.view(), List.copyOf(incompleteProof));
                incompleteProof = null;
            }
        }
    }

    private boolean record(int sender, long view, Frame frame) {
        Votes v = votes.computeIfAbsent(view, w -> new Votes(ctx.n));
        long bit = 1L << sender;
        if ((v.mask & bit) != 0) {
            if (v.frames[sender] == null && frame != null) {
                v.frames[sender] = frame;
            }
            return false;
        }
        v.mask |= bit;
        v.frames[sender] = frame;
        return true;
    }

    private void check(long view) {
        Votes v = votes.get(view);
        if (v == null || Long.bitCount(v.mask) < ctx.config.quorum() || view <= ctx.view()) {
            return;
        }
        List<Frame> proof = new ArrayList<>();
        for (Frame f : v.frames) {
            if (f != null && proof.size() < ctx.config.quorum()) {
                proof.add(f);
            }
        }
        incompleteProof = null;
        if (proof.size() == ctx.config.quorum()) {
            currentProof = new NewLeaderProof(ctx.self, view, proof);
            ctx.outbox.broadcast(currentProof);
        } else if (proof.size() == ctx.config.quorum() - 1 && (v.mask & (1L << ctx.self)) != 0 && v.frames[ctx.self] == null) {
            incompleteProof = proof;
            incompleteProofView = view;
        }
        listener.preinstall(view);
        votes.headMap(view, true).clear();
    }

    /**
     * A server still votes for a view we already preinstalled (or an earlier one): our broadcast proof did not reach it
     * (lost, or sent while its links were down), and its vote alone cannot get it there, since we no longer vote. Show
     * it the proof again, at most once per retransmission period. Without this, a server whose own vote completed a
     * quorum could move on alone while the votes it sent were lost, and the others would wait for it forever.
     */
    private void showProof(int sender) {
        if (currentProof == null || currentProof.view() != ctx.view() || sender == ctx.self) {
            return;
        }
        long now = ctx.now();
        if (proofShownNanos[sender] != Long.MIN_VALUE
                && now - proofShownNanos[sender] < ctx.config.retransmitPeriodMicros * 1_000) {
            return;
        }
        proofShownNanos[sender] = now;
        ctx.outbox.sendTo(sender, currentProof);
    }

    /** Re-broadcasts our vote while we remain in the view we voted to leave. */
    public void periodic() {
        if (votedFor > ctx.view() && ctx.now() >= nextResendNanos) {
            nextResendNanos = ctx.now() + ctx.config.retransmitPeriodMicros * 1_000;
            ctx.outbox.broadcast(new NewLeader(votedFor, ctx.self));
        }
    }

    public long nextDeadlineNanos() {
        return votedFor > ctx.view() ? nextResendNanos : Long.MAX_VALUE;
    }
}
