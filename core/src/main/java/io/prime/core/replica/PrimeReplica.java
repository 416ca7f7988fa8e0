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
                    ordering.ownFrame(f);
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
        long next = Math.min(Math.min(preorder.nextDeadlineNanos(), ordering.nextDeadlineNanos()),
                Math.min(catchup.nextDeadlineNanos(), reconciler.nextDeadlineNanos()));
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
                    + viewChange.nextDeadlineNanos());
        }
        return new Outputs(messages, ctx.drainExecuted(), ctx.drainEvents(), Math.max(next, nowNanos + 1));
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
        return new ReplicaStatus(ctx.view(), ctx.leader(), ordering.orderedAru(), executor.executedSeq(),
                executor.executedUpdates(), blacklist.servers());
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
