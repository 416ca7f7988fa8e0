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
    /** The top of the batch last asked for (0: none outstanding) and the ordered prefix when it was asked. */
    private long requestedUpTo;
    private long aruAtLastRequest = -1;
    private int peerCursor;
    /** The top of the last batch sent to each peer: a peer that got past it is answered at once. */
    private final long[] lastAnsweredTop;
    /** When each peer was last answered: one answer per peer per half period bounds the work a peer can cause. */
    private final long[] lastAnsweredNanos;

    /** What a replica in a later view shows one that missed the view change: the view's proof and its replay. */
    public interface ViewProofs {
        io.prime.core.message.NewLeaderProof currentProof();

        io.prime.core.message.ReplayCertificate installedCertificate();
    }

    private ViewProofs viewProofs = new ViewProofs() {
        @Override
        public io.prime.core.message.NewLeaderProof currentProof() {
            return null;
        }

        @Override
        public io.prime.core.message.ReplayCertificate installedCertificate() {
            return null;
        }
    };

    private java.util.function.Supplier<io.prime.core.checkpoint.Checkpoints.Stable> stableCheckpoint = () -> null;
    /** True while this replica knows its view but has not installed it (restarted in it, or missed its change). */
    private java.util.function.BooleanSupplier needsView = () -> false;

    public void setNeedsView(java.util.function.BooleanSupplier needsView) {
        this.needsView = needsView;
    }

    /** Where the latest stable checkpoint comes from (shown to a peer whose gap we no longer hold). */
    public void setCheckpoints(java.util.function.Supplier<io.prime.core.checkpoint.Checkpoints.Stable> stable) {
        this.stableCheckpoint = stable;
    }

    public void setViewProofs(ViewProofs viewProofs) {
        this.viewProofs = viewProofs;
    }

    public OrderCatchup(ReplicaContext ctx, GlobalOrdering ordering) {
        this.ctx = ctx;
        this.ordering = ordering;
        this.nextCheckNanos = ctx.config.retransmitPeriodMicros * 1_000;
        this.lastAnsweredNanos = new long[ctx.n];
        java.util.Arrays.fill(lastAnsweredNanos, Long.MIN_VALUE / 2);
        this.lastAnsweredTop = new long[ctx.n];
        java.util.Arrays.fill(lastAnsweredTop, -1);
        this.peerCursor = ctx.self;
    }

    /**
     * Asks for certificates if this replica is behind. Two triggers: no ordering progress for a whole retransmission
     * period (ask everyone: some correct replica answers), and a previous answer fully applied while still behind
     * (pipelining: ask the next peer in turn at once, so a replica far behind moves a batch per round trip rather
     * than per period).
     */
    public void maybeRequest() {
        long now = ctx.now();
        long aru = ordering.orderedAru();
        boolean behind = ordering.highestSeqSeen() > aru;
        if (behind && requestedUpTo > 0 && aru >= requestedUpTo && aru > aruAtLastRequest) {
            int peer = nextPeer();
            requestedUpTo = aru + ctx.config.catchupBatch;
            aruAtLastRequest = aru;
            ctx.outbox.sendTo(peer, new CatchupRequest(ctx.self, ctx.view(), aru, needsView.getAsBoolean()));
        }
        if (now < nextCheckNanos) {
            return;
        }
        nextCheckNanos = now + ctx.config.retransmitPeriodMicros * 1_000;
        boolean stuck = aru == arruAtLastCheck;
        arruAtLastCheck = aru;
        if (stuck && (behind || needsView.getAsBoolean())) {
            requestedUpTo = aru + ctx.config.catchupBatch;
            aruAtLastRequest = aru;
            ctx.outbox.broadcast(new CatchupRequest(ctx.self, ctx.view(), aru, needsView.getAsBoolean()));
        } else if (!behind) {
            requestedUpTo = 0;
        }
    }

    private int nextPeer() {
        do {
            peerCursor = (peerCursor + 1) % ctx.n;
        } while (peerCursor == ctx.self);
        return peerCursor;
    }

    public void onRequest(CatchupRequest request) {
        int peer = request.sender();
        long now = ctx.now();
        // A peer is answered at most once per half period, unless it asks from at or above the top of our last
        // answer to it (it applied that batch): a faulty peer can make us send it each certificate about once.
        boolean progressed = request.orderedAru() >= lastAnsweredTop[peer] && lastAnsweredTop[peer] >= 0;
        if (!progressed && now - lastAnsweredNanos[peer] < ctx.config.retransmitPeriodMicros * 500) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        if (request.view() < ctx.view() || request.needsView() && request.view() == ctx.view()) {
            // The peer missed a view change: the view's proof makes it preinstall the view, the replay certificate
            // makes it install it.
            lastAnsweredNanos[peer] = now;
            io.prime.core.message.NewLeaderProof proof = viewProofs.currentProof();
            if (proof != null) {
                ctx.outbox.sendTo(peer, proof);
            }
            io.prime.core.message.ReplayCertificate replay = viewProofs.installedCertificate();
            if (replay != null) {
                ctx.outbox.sendTo(peer, replay);
            }
        }
        if (ordering.orderedAru() <= request.orderedAru()) {
            return; // nothing to give
        }
        lastAnsweredNanos[peer] = now;
        long last = Math.min(ordering.orderedAru(), request.orderedAru() + ctx.config.catchupBatch);
        lastAnsweredTop[peer] = last;
        if (ordering.catchupCertificate(request.orderedAru() + 1) == null) {
            // We no longer keep what it needs: show it the latest stable checkpoint (2f+1 signed CHECKPOINTs); it
            // fetches that state and catches up from there.
            io.prime.core.checkpoint.Checkpoints.Stable stable = stableCheckpoint.get();
            if (stable != null && stable.seq() > request.orderedAru()) {
                for (io.prime.core.codec.Frame f : stable.proof()) {
                    ctx.outbox.sendFrame(1L << peer, f);
                }
            }
            return;
        }
        for (long seq = request.orderedAru() + 1; seq <= last; seq++) {
            io.prime.core.message.Message certificate = ordering.catchupCertificate(seq);
            if (certificate == null) {
                break;
            }
            ctx.outbox.sendTo(peer, certificate);
            if (certificate instanceof io.prime.core.message.ReplayCertificate rc) {
                seq = rc.replayMessage().startSeq() - 1; // the whole window in one certificate
            }
        }
    }

    public void onCertificate(OrderCertificate certificate) {
        ordering.install(certificate);
    }

    public long nextDeadlineNanos() {
        return nextCheckNanos;
    }
}
