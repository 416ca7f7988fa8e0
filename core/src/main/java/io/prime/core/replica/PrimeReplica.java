package io.prime.core.replica;

import io.prime.core.RejectReason;
import io.prime.core.Rejections;
import io.prime.core.app.StateMachine;
import io.prime.core.blacklist.Blacklist;
import io.prime.core.message.BlacklistProof;
import io.prime.core.message.Reconciliation;
import io.prime.core.reconcile.Reconciler;
import io.prime.core.codec.Frame;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.execute.ClientTable;
import io.prime.core.execute.Executor;
import io.prime.core.catchup.OrderCatchup;
import io.prime.core.crypto.ThresholdScheme;
import io.prime.core.message.NewLeader;
import io.prime.core.message.NewLeaderProof;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.ReplayCertificate;
import io.prime.core.message.ReplayConflict;
import io.prime.core.message.RttMeasure;
import io.prime.core.message.RttPing;
import io.prime.core.message.RttPong;
import io.prime.core.message.TatMeasure;
import io.prime.core.message.TatUb;
import io.prime.core.suspect.SuspectLeader;
import io.prime.core.viewchange.LeaderElection;
import io.prime.core.viewchange.ViewChange;
import io.prime.core.message.CatchupRequest;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.OrderCertificate;
import io.prime.core.message.Commit;
import io.prime.core.message.Message;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.Prepare;
import io.prime.core.message.ProofMatrix;
import io.prime.core.order.GlobalOrdering;
import io.prime.core.preorder.LastPoAru;
import io.prime.core.preorder.Preorder;

import io.prime.core.durable.DurableRecord;
import io.prime.core.durable.Fence;

import java.util.List;

/**
 * One correct Prime replica: the honest protocol and nothing else. It wires the sub-protocols (preordering, global
 * ordering, execution) to one {@link ReplicaContext} and implements the host contract of {@link ReplicaCore}. Byzantine
 * behaviour is never a flag in here; it lives in wrappers around this class.
 */
public final class PrimeReplica implements ReplicaCore {
    private final ReplicaContext ctx;
    private final LastPoAru lastPoAru;
    private final Preorder preorder;
    private final GlobalOrdering ordering;
    private final Executor executor;
    private final OrderCatchup catchup;
    private final SuspectLeader suspect;
    private final LeaderElection election;
    private final ViewChange viewChange;
    private final Reconciler reconciler;
    private final Blacklist blacklist;
    private final ThresholdScheme threshold;
    private final io.prime.core.checkpoint.Checkpoints checkpoints;
    private final Fence fence = new Fence();
    /** Highest executed global sequence number whose certificate went into the durable records. */
    private long persistedSeq;
    private DurableRecord.Commitments persistedCommitments;
    private ReplayCertificate persistedView;

    /**
     * @param threshold the cluster's threshold signature scheme (public material: group key and every replica's
     *                  public share), used for the view change's VC-PROOF (§5.3)
     * @param share     this replica's own threshold share
     */
    public PrimeReplica(PrimeConfig config, int id, Signer signer, Hasher hasher, StateMachine application,
                        ThresholdScheme threshold, ThresholdScheme.ShareSigner share) {
        if (share.replica() != id) {
            throw new IllegalArgumentException("threshold share of replica " + share.replica() + " given to replica " + id);
        }
        if (threshold.threshold() != config.quorum() || threshold.shareCount() != config.replicas) {
            throw new IllegalArgumentException("the view change needs a (" + config.quorum() + ", " + config.replicas
                    + ") threshold scheme, got (" + threshold.threshold() + ", " + threshold.shareCount() + ")");
        }
        this.ctx = new ReplicaContext(config, id, hasher, signer);
        this.threshold = threshold;
        this.lastPoAru = new LastPoAru(config.replicas);
        this.preorder = new Preorder(ctx, lastPoAru);
        this.ordering = new GlobalOrdering(ctx, lastPoAru);
        this.executor = new Executor(ctx, preorder, ordering, application, new ClientTable(config.clientWindow));
        this.catchup = new OrderCatchup(ctx, ordering);
        this.reconciler = new Reconciler(ctx, preorder, ordering, lastPoAru);
        this.blacklist = new Blacklist(ctx, lastPoAru);
        lastPoAru.setInconsistencyListener(blacklist::inconsistent);
        ordering.addListener(reconciler);
        ordering.addListener(blacklist);
        this.election = new LeaderElection(ctx, this::preinstall);
        this.suspect = new SuspectLeader(ctx, (view, why) -> election.suspect(view), blacklist::covers);
        this.viewChange = new ViewChange(ctx, new ViewChange.Host() {
            @Override
            public long executedSeq() {
                return executor.executedSeq();
            }

            @Override
            public void enterView(long view) {
                ordering.enterView(view);
            }

            @Override
            public java.util.List<ViewChange.Certificate> preparedCertificates(long aboveSeq) {
                return ordering.preparedCertificates(aboveSeq);
            }

            @Override
            public void noteExists(long seq) {
                ordering.noteExists(seq);
            }

            @Override
            public void installReplay(long from, long startSeq, java.util.TreeMap<Long, Frame> bindings,
                                      ReplayCertificate certificate) {
                ordering.installReplay(from, startSeq, bindings, certificate);
                executor.run();
            }

            @Override
            public void installOlderReplay(long from, long startSeq, java.util.TreeMap<Long, Frame> bindings,
                                           ReplayCertificate certificate) {
                ordering.installOlderReplay(from, startSeq, bindings, certificate);
                executor.run();
            }
        }, suspect, election, threshold, share);
        ordering.addListener(new GlobalOrdering.Listener() {
            @Override
            public void prePrepareReceived(PrePrepare prePrepare, long nowNanos) {
                suspect.prePrepareReceived(prePrepare);
            }

            @Override
            public void proofMatrixSent(PoAruMatrix matrix, long nowNanos) {
                suspect.proofMatrixSent(matrix);
            }

            @Override
            public void leaderEquivocated(long view) {
                election.suspect(view);
            }
        });
        suspect.newView(0);
        this.checkpoints = new io.prime.core.checkpoint.Checkpoints(ctx, new io.prime.core.checkpoint.Checkpoints.Host() {
            @Override
            public long executedSeq() {
                return executor.executedSeq();
            }

            @Override
            public void install(io.prime.core.checkpoint.CheckpointState state) {
                installState(state);
            }
        });
        executor.onCheckpoints(checkpoints::isCheckpointSeq, seq -> {
            io.prime.core.checkpoint.CheckpointState state = executor.checkpointState();
            newLog(state, checkpoints.take(state), false);
        });
        ctx.outbox.setFence(fence::allows);
        persistedCommitments = DurableRecord.Commitments.initial(config.replicas);
        catchup.setCheckpoints(checkpoints::stable);
        catchup.setNeedsView(() -> !ordering.viewReady());
        catchup.setViewProofs(new OrderCatchup.ViewProofs() {
            @Override
            public NewLeaderProof currentProof() {
                return election.currentProof();
            }

            @Override
            public ReplayCertificate installedCertificate() {
                return viewChange.installedCertificate();
            }
        });
    }

    /** Moves every sub-protocol to a checkpoint's state (fetched from peers, or read back from durable storage). */
    private void installState(io.prime.core.checkpoint.CheckpointState state) {
        try {
            executor.install(state);
        } catch (io.prime.core.codec.MalformedFrameException e) {
            throw new IllegalStateException("checkpoint state " + state.seq() + " does not decode: " + e.getMessage(), e);
        }
        preorder.installCheckpoint(state.executedPo());
        ordering.installCheckpoint(state.seq(), state.lastOrderedMatrix());
        newLog(state, state.encode(), true);
        executor.run();
    }

    // ---------------------------------------------------------------- durability

    /**
     * A snapshot starts a new durable log: it and what still matters of the old one (the commitments, the PO-REQUESTs
     * held above the snapshot) are all a restart needs from before it.
     */
    private void newLog(io.prime.core.checkpoint.CheckpointState state, byte[] encoded, boolean installed) {
        ctx.durable(new DurableRecord.Snapshot(state, encoded, installed));
        persistedCommitments = fence.commitments(preorder.nextPoSeq(), preorder.lastPoAruSent());
        ctx.durable(persistedCommitments);
        for (DurableRecord.Request r : preorder.retainedRequests(state.executedPo())) {
            ctx.durable(r);
        }
        persistedSeq = Math.max(persistedSeq, state.seq());
    }

    /**
     * End of a step: the certificates of what was executed (including a sequence number only partly executed: its
     * updates already had their replies), and the commitments if they moved.
     */
    private void persistStep() {
        long executed = executor.startedSeq();
        while (persistedSeq < executed) {
            long seq = persistedSeq + 1;
            Message certificate = ordering.catchupCertificate(seq);
            if (certificate instanceof ReplayCertificate rc) {
                ctx.durable(new DurableRecord.Ordered(seq, rc));
                persistedSeq = Math.max(seq, Math.min(executed, rc.replayMessage().startSeq() - 1));
            } else if (certificate != null) {
                ctx.durable(new DurableRecord.Ordered(seq, certificate));
                persistedSeq = seq;
            } else {
                // Ordered through a path that left no certificate here: a restart re-fetches it from peers instead.
                persistedSeq = seq;
            }
        }
        ReplayCertificate installedView = viewChange.installedCertificate();
        if (installedView != null && installedView != persistedView) {
            // The view this replica installed, even when its replay window is empty (no sequence number refers to it).
            persistedView = installedView;
            ctx.durable(new DurableRecord.Ordered(installedView.from() + 1, installedView));
        }
        DurableRecord.Commitments now = fence.commitments(preorder.nextPoSeq(), preorder.lastPoAruSent());
        if (!now.equals(persistedCommitments)) {
            persistedCommitments = now;
            ctx.durable(now);
        }
    }

    /**
     * Rebuilds this replica from its durable records (those its host stored from earlier {@link Outputs#records()},
     * in order), right after construction and before the first {@link #step}: installs the last snapshot, puts back
     * the PO-REQUESTs it held, re-executes what it had executed (replies and everything else it would send are
     * dropped: they went out before), and fences every vote it may have signed so it never contradicts itself.
     * Returns what it recovered; the replica then catches up with its peers as any laggard does.
     */
    public Recovery restore(List<DurableRecord> records, long nowNanos) {
        ctx.setNow(nowNanos);
        DurableRecord.Commitments commitments = null;
        io.prime.core.checkpoint.CheckpointState snapshot = null;
        for (DurableRecord r : records) {
            if (r instanceof DurableRecord.Snapshot s) {
                snapshot = s.state();
            }
        }
        boolean afterSnapshot = snapshot == null;
        for (DurableRecord r : records) {
            if (r instanceof DurableRecord.Snapshot s) {
                afterSnapshot = s.state() == snapshot;
                if (afterSnapshot) {
                    installState(s.state());
                }
                continue;
            }
            if (!afterSnapshot) {
                continue; // before the last snapshot: obsolete (a host that did not compact)
            }
            if (r instanceof DurableRecord.Commitments c) {
                commitments = c;
            } else if (r instanceof DurableRecord.Request q) {
                preorder.restoreRequest(q.request(), q.encoded(), q.certified());
            } else if (r instanceof DurableRecord.Certified c) {
                preorder.restoreCertified(c.origin(), c.poSeq());
            } else if (r instanceof DurableRecord.Ordered o) {
                if (o.certificate() instanceof OrderCertificate c) {
                    ordering.install(c);
                } else {
                    viewChange.onReplayCertificate((ReplayCertificate) o.certificate(), ordering.orderedAru());
                }
                executor.run();
            }
        }
        executor.run();
        if (commitments != null) {
            fence.restore(commitments);
            preorder.restorePositions(commitments.nextPoSeq(), commitments.poAruSent());
        }
        ctx.discardOutputs();
        persistedView = viewChange.installedCertificate();
        if (commitments != null && commitments.vcView() > ctx.view()) {
            // It was changing views when it stopped and may not take part in that view change again: move on.
            election.leaveFencedView(commitments.vcView());
        }
        persistedSeq = executor.executedSeq();
        persistedCommitments = commitments != null ? commitments : persistedCommitments;
        Recovery recovery = new Recovery(executor.executedSeq(), executor.executedUpdates(), ctx.view(),
                snapshot == null ? 0 : snapshot.seq(), records.size());
        ctx.event(ProtocolEvent.Type.RECOVERED, "recovered from " + records.size() + " durable records: executed up to "
                + recovery.executedSeq() + " (" + recovery.executedUpdates() + " updates, snapshot at "
                + recovery.snapshotSeq() + "), view " + recovery.view()
                + (commitments == null ? "" : ", votes fenced up to view " + commitments.votedView() + " seq "
                + commitments.maxVotedSeq()));
        return recovery;
    }

    /** What {@link #restore} brought back. */
    public record Recovery(long executedSeq, long executedUpdates, long view, long snapshotSeq, int records) {
    }

    private void preinstall(long view) {
        viewChange.preinstall(view);
    }

    @Override
    public int id() {
        return ctx.self;
    }

    @Override
    public Outputs step(List<Input> inputs, long nowNanos) {
        ctx.setNow(nowNanos);
        for (Input input : inputs) {
            dispatch(input);
        }
        reconciler.runPending();
        preorder.flush();
        executor.run();
        viewChange.checkComplete();
        preorder.maybeSendPoAru();
        ordering.maybeSendPrePrepare();
        ordering.maybeSendProofMatrix();
        preorder.maybeRetransmit();
        ordering.maybeRetransmit();
        reconciler.maybeRetransmit();
        catchup.maybeRequest();
        checkpoints.periodic();
        suspect.periodic();
        election.periodic();
        viewChange.periodic();
        preorder.flush();
        List<Outbound> messages = new java.util.ArrayList<>();
        // Our own signed frames go into certificates and proofs; handling them may queue more (a second batch).
        for (int round = 0; round < 2 && !ctx.outbox.isEmpty(); round++) {
            List<Outbound> sealed = ctx.outbox.seal(ctx.signer, ctx.hasher);
            messages.addAll(sealed);
            for (Outbound o : sealed) {
                Frame f = o.frame();
                if (f.message().batchSigner() == ctx.self) {
                    fence.sent(f.message());
                    ordering.ownFrame(f);
                    checkpoints.ownFrame(f);
                    election.ownFrame(f);
                    viewChange.ownFrame(f);
                    if (f.message() instanceof io.prime.core.message.ReplayCommit) {
                        ReplayCertificate c = viewChange.installedCertificate();
                        if (c != null) {
                            ordering.recordWindow(c.from(), c.replayMessage().startSeq(), c);
                        }
                    }
                }
            }
        }
        persistStep();
        long next = Math.min(Math.min(preorder.nextDeadlineNanos(), ordering.nextDeadlineNanos()),
                Math.min(catchup.nextDeadlineNanos(), reconciler.nextDeadlineNanos()));
        next = Math.min(next, checkpoints.nextDeadlineNanos());
        next = Math.min(next, Math.min(suspect.nextDeadlineNanos(), Math.min(election.nextDeadlineNanos(), viewChange.nextDeadlineNanos())));
        if (!ctx.outbox.isEmpty()) {
            next = nowNanos + 1;
        } else if (next < nowNanos) {
            // A deadline in the past means a component has due work it did not do: a bug that would make the host
            // spin. Fail loudly with the culprit rather than loop.
            throw new IllegalStateException("replica " + ctx.self + " at " + nowNanos + ": deadline in the past: preorder "
                    + preorder.nextDeadlineNanos() + ", ordering " + ordering.nextDeadlineNanos() + ", catch-up "
                    + catchup.nextDeadlineNanos() + ", reconciliation " + reconciler.nextDeadlineNanos() + ", suspect "
                    + suspect.nextDeadlineNanos() + ", election " + election.nextDeadlineNanos() + ", view change "
                    + viewChange.nextDeadlineNanos() + ", checkpoints " + checkpoints.nextDeadlineNanos());
        }
        return new Outputs(messages, ctx.drainExecuted(), ctx.drainEvents(), Math.max(next, nowNanos + 1), ctx.drainRecords());
    }

    private void dispatch(Input input) {
        if (input instanceof Input.FromReplica r) {
            onReplicaMessage(r.fromReplica(), r.frame());
        } else if (input instanceof Input.FromClient c) {
            onClientUpdate(c.update());
        }
        // A Tick carries nothing: the periodic work after the inputs runs on every step.
    }

    private void onClientUpdate(ClientUpdate update) {
        if (executor.alreadyExecuted(update.id())) {
            if (!executor.resendReply(update.id())) {
                ctx.reject(RejectReason.STALE);
            }
            return;
        }
        preorder.submit(update);
    }

    private void onReplicaMessage(int from, Frame frame) {
        Message m = frame.message();
        if (m instanceof PoRequest r) {
            preorder.onPoRequest(frame, r);
        } else if (m instanceof PoAck a) {
            preorder.onPoAck(a);
        } else if (m instanceof PoAru a) {
            switch (lastPoAru.offer(a)) {
                case INCONSISTENT -> ctx.reject(RejectReason.INCONSISTENT);
                case FROZEN -> ctx.reject(RejectReason.BLACKLISTED);
                default -> {
                }
            }
        } else if (m instanceof ProofMatrix pm) {
            ordering.onProofMatrix(pm);
        } else if (m instanceof PrePrepare pp) {
            ordering.onPrePrepare(from, frame, pp);
        } else if (m instanceof Prepare p) {
            ordering.onPrepare(frame, p);
        } else if (m instanceof Commit c) {
            ordering.onCommit(frame, c);
        } else if (m instanceof io.prime.core.message.PrePrepareConflict x) {
            ordering.onPrePrepareConflict(x);
        } else if (m instanceof Reconciliation r) {
            reconciler.onReconciliation(r);
        } else if (m instanceof BlacklistProof p) {
            blacklist.onProof(p);
        } else if (m instanceof RttPing x) {
            suspect.onPing(x);
        } else if (m instanceof RttPong x) {
            suspect.onPong(x);
        } else if (m instanceof RttMeasure x) {
            suspect.onMeasure(x);
        } else if (m instanceof TatUb x) {
            suspect.onTatUb(x);
        } else if (m instanceof TatMeasure x) {
            suspect.onTatMeasure(x);
        } else if (m instanceof NewLeader x) {
            election.onNewLeader(frame, x);
        } else if (m instanceof NewLeaderProof x) {
            election.onProof(x);
        } else if (m instanceof ReplayConflict x) {
            viewChange.onReplayConflict(x);
        } else if (viewChange.onMessage(from, frame)) {
            executor.run();
        } else if (m instanceof ReplayCertificate c) {
            viewChange.onReplayCertificate(c, ordering.orderedAru());
            executor.run();
        } else if (m instanceof CatchupRequest r) {
            catchup.onRequest(r);
        } else if (m instanceof OrderCertificate c) {
            catchup.onCertificate(c);
            executor.run();
        } else if (m instanceof io.prime.core.message.Checkpoint c) {
            checkpoints.onCheckpoint(frame, c);
        } else if (m instanceof io.prime.core.message.StateRequest r) {
            checkpoints.onStateRequest(r);
        } else if (m instanceof io.prime.core.message.StateChunk c) {
            checkpoints.onStateChunk(c);
        } else {
            ctx.reject(RejectReason.UNEXPECTED);
        }
    }

    @Override
    public Rejections rejections() {
        return ctx.rejections;
    }

    @Override
    public ReplicaStatus status() {
        long tatLeader = suspect.tatLeader();
        long tatAcceptable = suspect.tatAcceptable();
        return new ReplicaStatus(ctx.view(), ctx.leader(), ordering.orderedAru(), executor.executedSeq(),
                executor.executedUpdates(), blacklist.servers(),
                tatLeader == Long.MAX_VALUE ? -1 : tatLeader, tatAcceptable == Long.MAX_VALUE ? -1 : tatAcceptable);
    }

    @Override
    public long takeErasureBytes() {
        return reconciler.takeErasureBytes();
    }

    /** The reconciliation sub-protocol, for tests and metrics. */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** The current view (preinstalled). */
    public long view() {
        return ctx.view();
    }

    /**
     * TAT_acceptable of SUSPECT-LEADER (Fig. 4, E2-E3) as this replica computes it from the TAT-UB messages it has
     * received in the current view, in microseconds; {@link Long#MAX_VALUE} until 2f+1 have arrived. Read-only (a
     * faulty leader's wrapper uses it to pace its attack, as a real faulty leader could).
     */
    public long tatAcceptableMicros() {
        return suspect.tatAcceptable();
    }

    /** The cluster's threshold scheme: public material only (group key, public shares), as every replica holds it. */
    public ThresholdScheme thresholdScheme() {
        return threshold;
    }

    /** Checkpoints and state transfer, for tests and metrics. */
    public io.prime.core.checkpoint.Checkpoints checkpoints() {
        return checkpoints;
    }

    /** The blacklist B of §4.2, for tests and SUSPECT-LEADER. */
    public Blacklist blacklist() {
        return blacklist;
    }

    /** Internal state for debugging and failure traces. */
    public String describe() {
        return "replica " + ctx.self + ": TAT_leader " + suspect.tatLeader() + " TAT_acceptable " + suspect.tatAcceptable()
                + " maxTat " + suspect.currentMaxTatMicros() + " | " + ordering.describe() + " || executedSeq " + executor.executedSeq()
                + " queued " + preorder.queuedUpdates() + "\n   preorder:" + preorder.describe();
    }

    /** Sizes of the bounded structures, for memory-bound tests. */
    public int heldPreorderSlots() {
        return preorder.slotCount();
    }

    public int heldOrderSlots() {
        return ordering.slotCount();
    }
}
