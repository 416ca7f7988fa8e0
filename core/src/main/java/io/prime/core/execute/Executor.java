package io.prime.core.execute;

import io.prime.core.app.ExecutionContext;
import io.prime.core.app.StateMachine;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.Reply;
import io.prime.core.message.UpdateId;
import io.prime.core.order.Eligibility;
import io.prime.core.order.GlobalOrdering;
import io.prime.core.preorder.Preorder;
import io.prime.core.replica.Executed;
import io.prime.core.replica.ReplicaContext;

/**
 * Execution in exactly the order of paper §4.1: U = L(M(T1)) || L(M(T2) - M(T1)) || ..., where T is the stream of
 * globally ordered PRE-PREPAREs, M(pp) the preordered updates it makes eligible (Fig. 1, items 3 and 6) and L orders
 * them by preorder identifier (origin, then preorder sequence number). A replica executes only the gap-free prefix of
 * this sequence that it holds: when an eligible PO-REQUEST is missing it waits (reconciliation, §4.1, brings it).
 */
public final class Executor {
    private final ReplicaContext ctx;
    private final Preorder preorder;
    private final GlobalOrdering ordering;
    private final StateMachine application;
    private final ClientTable clients;

    /** Highest global sequence number whose eligible updates have all been executed. */
    private long executedSeq;
    /** Per origin, the highest preorder sequence number executed: M(T_executedSeq) plus progress into the next. */
    private final long[] executedPo;
    /** Eligible counts of the PRE-PREPARE being executed, or null between PRE-PREPAREs. */
    private long[] target;
    private io.prime.core.message.PoAruMatrix targetMatrix;
    private long executionIndex;
    private long skippedDuplicates;
    /** The matrix of the last PRE-PREPARE executed (no-ops skipped): part of the checkpoint state. */
    private io.prime.core.message.PoAruMatrix lastExecutedMatrix;
    /** Told each time a checkpoint sequence number has been fully executed (the state is then exactly that of seq). */
    private java.util.function.LongConsumer checkpointReached = seq -> { };
    private java.util.function.LongPredicate isCheckpoint = seq -> false;

    public Executor(ReplicaContext ctx, Preorder preorder, GlobalOrdering ordering, StateMachine application, ClientTable clients) {
        this.ctx = ctx;
        this.preorder = preorder;
        this.ordering = ordering;
        this.application = application;
        this.clients = clients;
        this.executedPo = new long[ctx.n];
        this.lastExecutedMatrix = io.prime.core.message.PoAruMatrix.empty(ctx.n);
    }

    /** Checkpoints: {@code hook} runs right after every sequence number {@code isCheckpoint} accepts is executed. */
    public void onCheckpoints(java.util.function.LongPredicate isCheckpoint, java.util.function.LongConsumer hook) {
        this.isCheckpoint = isCheckpoint;
        this.checkpointReached = hook;
    }

    /** Executes as much of the total order as this replica holds. */
    public void run() {
        while (true) {
            if (target == null) {
                PrePrepare next = ordering.orderedPrePrepare(executedSeq + 1);
                if (next == null) {
                    if (!ordering.isOrderedNoop(executedSeq + 1)) {
                        return;
                    }
                    executedSeq++; // a no-op bound by a view change's replay: nothing becomes eligible
                    ordering.executedUpTo(executedSeq);
                    if (isCheckpoint.test(executedSeq)) {
                        checkpointReached.accept(executedSeq);
                    }
                    continue;
                }
                target = Eligibility.eligibleCounts(next.matrix(), ctx.config.quorum());
                targetMatrix = next.matrix();
            }
            for (int origin = 0; origin < ctx.n; origin++) {
                while (executedPo[origin] < target[origin]) {
                    long seq = executedPo[origin] + 1;
                    PoRequest request = preorder.certifiedRequest(origin, seq);
                    if (request == null) {
                        return; // gap: wait for the PO-REQUEST (reconciliation brings it)
                    }
                    executeRequest(request);
                    executedPo[origin] = seq;
                    preorder.executed(origin, seq);
                }
            }
            executedSeq++;
            target = null;
            lastExecutedMatrix = targetMatrix;
            ordering.executedUpTo(executedSeq);
            if (isCheckpoint.test(executedSeq)) {
                checkpointReached.accept(executedSeq);
            }
        }
    }

    /** The state at {@link #executedSeq()} (call between PRE-PREPAREs, i.e. from the checkpoint hook). */
    public io.prime.core.checkpoint.CheckpointState checkpointState() {
        io.prime.core.codec.WireWriter w = new io.prime.core.codec.WireWriter(256);
        clients.encodeTo(w);
        return new io.prime.core.checkpoint.CheckpointState(executedSeq, executionIndex, executedPo, lastExecutedMatrix,
                w.toByteArray(), application.snapshot());
    }

    /**
     * Replaces the replicated state with a checkpoint's (a state transfer, or a restart from durable storage): the
     * application, the client table and the execution position. The caller moves preordering and ordering past it.
     */
    public void install(io.prime.core.checkpoint.CheckpointState state) throws io.prime.core.codec.MalformedFrameException {
        clients.restoreFrom(new io.prime.core.codec.WireReader(state.clientTable()), ctx.config.maxStateBytes);
        application.restore(state.application());
        executedSeq = state.seq();
        executionIndex = state.executionIndex();
        long[] po = state.executedPo();
        System.arraycopy(po, 0, executedPo, 0, executedPo.length);
        lastExecutedMatrix = state.lastOrderedMatrix();
        target = null;
        targetMatrix = null;
    }

    private void executeRequest(PoRequest request) {
        for (ClientUpdate update : request.updates()) {
            UpdateId id = update.id();
            preorder.updateSettled(id);
            if (clients.alreadyExecuted(id)) {
                skippedDuplicates++;
                continue;
            }
            executionIndex++;
            long globalSeq = executedSeq + 1;
            ExecutionContext context = new ExecutionContext(executionIndex, globalSeq, request.origin(), request.poSeq(),
                    id.clientId(), id.requestNumber());
            byte[] result = application.execute(context, update.payload());
            clients.record(id, globalSeq, result);
            ctx.outbox.toClient(id.clientId(), new Reply(ctx.self, id.clientId(), id.requestNumber(), globalSeq, result));
            ctx.executed(new Executed(executionIndex, globalSeq, request.origin(), request.poSeq(), update));
        }
    }

    /** A client retried an update already executed: send it the same reply again if still in the window. */
    public boolean resendReply(UpdateId id) {
        ClientTable.StoredReply reply = clients.reply(id);
        if (reply == null) {
            return false;
        }
        ctx.outbox.toClient(id.clientId(), new Reply(ctx.self, id.clientId(), id.requestNumber(), reply.globalSeq(), reply.result()));
        return true;
    }

    public boolean alreadyExecuted(UpdateId id) {
        return clients.alreadyExecuted(id);
    }

    public long executedSeq() {
        return executedSeq;
    }

    /**
     * The highest global sequence number whose updates have started to execute: {@link #executedSeq()}, or the next one
     * while it is partly executed (waiting for an eligible PO-REQUEST).
     */
    public long startedSeq() {
        return target == null ? executedSeq : executedSeq + 1;
    }

    public long executedUpdates() {
        return executionIndex;
    }

    public long skippedDuplicates() {
        return skippedDuplicates;
    }
}
