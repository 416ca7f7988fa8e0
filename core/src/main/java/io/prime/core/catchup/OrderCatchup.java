package io.prime.core.catchup;

import io.prime.core.RejectReason;
import io.prime.core.message.CatchupRequest;
import io.prime.core.message.OrderCertificate;
import io.prime.core.order.GlobalOrdering;
import io.prime.core.replica.ReplicaContext;

/**
 * Catch-up for the global ordering phase. The paper assumes that once the network is stable messages arrive; a
 * replica that lost PRE-PREPAREs or COMMITs while the network was not (or that was partitioned away) needs them back
 * to keep executing. A replica that has seen later sequence numbers than it could order, and made no ordering
 * progress for a whole retransmission period, asks everyone for the commit certificates above its ordered prefix;
 * any replica holding them answers with at most {@code catchupBatch} ORDER-CERTIFICATEs. A certificate is
 * self-verifying (the leader's PRE-PREPARE and 2f+1 COMMITs, each signed), so one correct answer is enough and a
 * faulty one can only waste bandwidth in the reconciliation class.
 */
public final class OrderCatchup {
    private final ReplicaContext ctx;
    private final GlobalOrdering ordering;
    private long nextCheckNanos;
    private long arruAtLastCheck = -1;
    /** When each peer was last answered: one answer per peer per half period bounds the work a peer can cause. */
    private final long[] lastAnsweredNanos;

    public OrderCatchup(ReplicaContext ctx, GlobalOrdering ordering) {
        this.ctx = ctx;
        this.ordering = ordering;
        this.nextCheckNanos = ctx.config.retransmitPeriodMicros * 1_000;
        this.lastAnsweredNanos = new long[ctx.n];
        java.util.Arrays.fill(lastAnsweredNanos, Long.MIN_VALUE / 2);
    }

    /** Asks for certificates if this replica is behind and stuck. */
    public void maybeRequest() {
        long now = ctx.now();
        if (now < nextCheckNanos) {
            return;
        }
        nextCheckNanos = now + ctx.config.retransmitPeriodMicros * 1_000;
        long aru = ordering.orderedAru();
        boolean stuck = aru == arruAtLastCheck;
        arruAtLastCheck = aru;
        if (stuck && ordering.highestSeqSeen() > aru) {
            ctx.outbox.broadcast(new CatchupRequest(ctx.self, ctx.view(), aru));
        }
    }

    public void onRequest(CatchupRequest request) {
        int peer = request.sender();
        long now = ctx.now();
        if (now - lastAnsweredNanos[peer] < ctx.config.retransmitPeriodMicros * 500) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        if (ordering.orderedAru() <= request.orderedAru()) {
            return; // nothing to give
        }
        lastAnsweredNanos[peer] = now;
        long last = Math.min(ordering.orderedAru(), request.orderedAru() + ctx.config.catchupBatch);
        for (long seq = request.orderedAru() + 1; seq <= last; seq++) {
            OrderCertificate certificate = ordering.certificate(seq);
            if (certificate == null) {
                break;
            }
            ctx.outbox.sendTo(peer, certificate);
        }
    }

    public void onCertificate(OrderCertificate certificate) {
        ordering.install(certificate);
    }

    public long nextDeadlineNanos() {
        return nextCheckNanos;
    }
}
