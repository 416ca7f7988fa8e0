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
    private long executionIndex;
    private long skippedDuplicates;

    public Executor(ReplicaContext ctx, Preorder preorder, GlobalOrdering ordering, StateMachine application, ClientTable clients) {
        this.ctx = ctx;
        this.preorder = preorder;
        this.ordering = ordering;
        this.application = application;
        this.clients = clients;
        this.executedPo = new long[ctx.n];
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
                    continue;
                }
                target = Eligibility.eligibleCounts(next.matrix(), ctx.config.quorum());
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
            ordering.executedUpTo(executedSeq);
        }
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

    public long executedUpdates() {
        return executionIndex;
    }

    public long skippedDuplicates() {
        return skippedDuplicates;
    }
}
