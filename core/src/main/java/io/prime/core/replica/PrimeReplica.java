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
    private final Reconciler reconciler;
    private final Blacklist blacklist;

    public PrimeReplica(PrimeConfig config, int id, Signer signer, Hasher hasher, StateMachine application) {
        this.ctx = new ReplicaContext(config, id, hasher, signer);
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
        preorder.maybeSendPoAru();
        ordering.maybeSendPrePrepare();
        ordering.maybeSendProofMatrix();
        preorder.maybeRetransmit();
        ordering.maybeRetransmit();
        reconciler.maybeRetransmit();
        catchup.maybeRequest();
        preorder.flush();
        List<Outbound> messages = ctx.outbox.seal(ctx.signer, ctx.hasher);
        for (Outbound o : messages) {
            Frame f = o.frame();
            if (f.message().batchSigner() == ctx.self) {
                ordering.ownFrame(f);
            }
        }
        long next = Math.min(Math.min(preorder.nextDeadlineNanos(), ordering.nextDeadlineNanos()),
                Math.min(catchup.nextDeadlineNanos(), reconciler.nextDeadlineNanos()));
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
        } else if (m instanceof Reconciliation r) {
            reconciler.onReconciliation(r);
        } else if (m instanceof BlacklistProof p) {
            blacklist.onProof(p);
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

    /** The blacklist B of §4.2, for tests and SUSPECT-LEADER. */
    public Blacklist blacklist() {
        return blacklist;
    }

    /** Internal state for debugging and failure traces. */
    public String describe() {
        return "replica " + ctx.self + ": " + ordering.describe() + " || executedSeq " + executor.executedSeq()
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
