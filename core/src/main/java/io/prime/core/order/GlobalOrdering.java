package io.prime.core.order;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.crypto.Digest;
import io.prime.core.message.Commit;
import io.prime.core.message.OrderCertificate;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.PrePrepareConflict;
import io.prime.core.message.Prepare;
import io.prime.core.message.ProofMatrix;
import io.prime.core.preorder.LastPoAru;
import io.prime.core.replica.Deadline;
import io.prime.core.replica.ReplicaContext;

import java.util.TreeMap;

/**
 * The global ordering phase (paper §4.1, "Global Ordering Phase"; §4.2, "Pre-Prepare Flooding" and "Enforcing
 * up-to-date Pre-Prepare messages"). The leader periodically proposes its Last_PO_Aru in a PRE-PREPARE; every server
 * floods the PRE-PREPARE on first receipt, checks that its matrix is at least as up-to-date as its predecessor's and
 * different from it, and runs PREPARE (2f from non-leaders, with the PRE-PREPARE) and COMMIT (2f+1) to order it.
 * Non-leaders periodically send their Last_PO_Aru to the leader in a PROOF-MATRIX.
 */
public final class GlobalOrdering {
    /** Told about ordering milestones (SUSPECT-LEADER measures turnaround times from them). */
    public interface Listener {
        /** A PRE-PREPARE from the current leader was accepted for the first time (before validation). */
        default void prePrepareReceived(PrePrepare prePrepare, long nowNanos) {
        }

        /** This replica sent a PROOF-MATRIX to the leader. */
        default void proofMatrixSent(PoAruMatrix matrix, long nowNanos) {
        }

        /** This replica, as leader, proposed a PRE-PREPARE (it never receives its own). */
        default void prePrepareProposed(PrePrepare prePrepare, long nowNanos) {
        }

        /**
         * The leader of {@code view} signed two different PRE-PREPAREs for one sequence number: proof that it is
         * faulty (told once per view, for the current view only).
         */
        default void leaderEquivocated(long view) {
        }
    }

    private final ReplicaContext ctx;
    private final LastPoAru lastPoAru;
    private final TreeMap<Long, OrderSlot> slots = new TreeMap<>();
    private Listener listener = new Listener() {
    };
    /** Further listeners (reconciliation, blacklisting), told after {@link #listener}. */
    private final java.util.List<Listener> listeners = new java.util.ArrayList<>();

    /** Everything up to here is ordered (and executable). */
    private long orderedAru;
    /** The last sequence number of the previous view (0 in view 0): its matrix is the base of the validity chain. */
    private long baseSeq;
    private PoAruMatrix baseMatrix;
    /** The matrix of the highest executable PRE-PREPARE no longer kept in {@link #slots}. */
    private long collectedUpTo;

    // leader state
    private final Deadline prePrepareDeadline;
    private long nextPrePrepareSeq = 1;
    private PoAruMatrix lastProposed;
    private long lastProposedVersion = -1;

    // non-leader state
    private final Deadline proofMatrixDeadline;
    /** Last_PO_Aru's version when the last PROOF-MATRIX was sent; version 0 is the empty vector: nothing to send. */
    private long lastProofMatrixVersion = 0;

    private long nextRetransmitNanos;
    private long highestSeqSeen;
    /** Replay windows of view changes: from -> startSeq, and their certificates (for replicas that catch up). */
    private final TreeMap<Long, Long> replayWindows = new TreeMap<>();
    private final TreeMap<Long, io.prime.core.message.ReplayCertificate> replayCertificates = new TreeMap<>();
    /** False between preinstalling a view and installing its replay: nothing is proposed or validated meanwhile. */
    private boolean viewReady = true;
    /** The matrix of the highest ordered PRE-PREPARE (no-ops skipped): the base of a new view's validity chain. */
    private PoAruMatrix lastOrderedMatrix;
    /** The view whose leader this replica has proven to equivocate (it sent the proof once), or -1. */
    private long equivocationView = -1;
    /**
     * A checkpoint installed by state transfer or restart: its sequence number and matrix anchor the validity chain
     * of the PRE-PREPARE after it (whose predecessor this replica never held). -1: none.
     */
    private long anchorSeq = -1;
    private PoAruMatrix anchorMatrix;

    public GlobalOrdering(ReplicaContext ctx, LastPoAru lastPoAru) {
        this.ctx = ctx;
        this.lastPoAru = lastPoAru;
        this.baseMatrix = PoAruMatrix.empty(ctx.n);
        this.lastProposed = baseMatrix;
        this.lastOrderedMatrix = baseMatrix;
        this.prePrepareDeadline = new Deadline(ctx.config.prePreparePeriodMicros);
        this.proofMatrixDeadline = new Deadline(ctx.config.proofMatrixPeriodMicros);
        this.nextRetransmitNanos = ctx.config.retransmitPeriodMicros * 1_000;
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Adds a listener told after the one of {@link #setListener}. */
    public void addListener(Listener l) {
        listeners.add(l);
    }

    /**
     * The PRE-PREPARE held for {@code seq}, ordered or not, validated or not; null if none (not received yet, or
     * collected). Reconciliation runs on it speculatively (§4.1).
     */
    public PrePrepare heldPrePrepare(long seq) {
        OrderSlot slot = slots.get(seq);
        return slot == null ? null : slot.prePrepare;
    }

    /**
     * The matrix of the PRE-PREPARE before {@code seq} (pp' of Fig. 3, line A2): the base matrix for the first
     * sequence number of the view, else whatever PRE-PREPARE is held for {@code seq - 1}; null if not known yet.
     */
    public PoAruMatrix matrixBefore(long seq) {
        for (long s = seq - 1; ; s--) {
            if (s == baseSeq) {
                return baseMatrix;
            }
            if (s == anchorSeq) {
                return anchorMatrix;
            }
            if (s <= 0) {
                return PoAruMatrix.empty(ctx.n);
            }
            OrderSlot slot = slots.get(s);
            if (slot == null) {
                return null;
            }
            if (!slot.noop) {
                // A no-op bound by a view change's replay makes nothing eligible: look further back.
                return slot.prePrepare == null ? null : slot.prePrepare.matrix();
            }
        }
    }

    /** The lowest global sequence number still held (ordered or not); {@code orderedAru + 1} if none. */
    public long lowestHeldSeq() {
        return slots.isEmpty() ? orderedAru + 1 : slots.firstKey();
    }

    public long orderedAru() {
        return orderedAru;
    }

    /** The ordered PRE-PREPARE for {@code seq}, if this replica holds it; null otherwise. */
    public PrePrepare orderedPrePrepare(long seq) {
        OrderSlot slot = slots.get(seq);
        return slot != null && slot.executable() && !slot.noop ? slot.prePrepare : null;
    }

    /** Whether {@code seq} is ordered as a no-op (bound so by a view change's replay). */
    public boolean isOrderedNoop(long seq) {
        OrderSlot slot = slots.get(seq);
        return slot != null && slot.noop;
    }

    // ---------------------------------------------------------------- views (§5)

    /**
     * Leaves the previous view: its unordered slots are forgotten (their Prepare-Certificates were handed to the view
     * change first), and nothing is proposed or validated until the new view's replay is installed.
     */
    public void enterView(long view) {
        slots.entrySet().removeIf(e -> e.getKey() > orderedAru && !e.getValue().executable());
        viewReady = false;
        lastProposedVersion = -1;
    }

    /** Prepare-Certificates for prepared sequence numbers above {@code aboveSeq}: the PRE-PREPARE and 2f PREPAREs. */
    public java.util.List<io.prime.core.viewchange.ViewChange.Certificate> preparedCertificates(long aboveSeq) {
        java.util.List<io.prime.core.viewchange.ViewChange.Certificate> out = new java.util.ArrayList<>();
        for (OrderSlot slot : slots.tailMap(aboveSeq, false).values()) {
            if (!slot.sentCommit || slot.prePrepareFrame == null || slot.prePrepareDigest == null || slot.noop) {
                continue;
            }
            int leader = ctx.config.leaderOf(slot.prePrepare.view());
            java.util.List<Frame> prepares = new java.util.ArrayList<>();
            for (Frame f : slot.prepares.framesFor(slot.prePrepareDigest)) {
                if (f.message().batchSigner() != leader && prepares.size() < 2 * ctx.f) {
                    prepares.add(f);
                }
            }
            if (prepares.size() == 2 * ctx.f) {
                out.add(new io.prime.core.viewchange.ViewChange.Certificate(slot.prePrepareFrame, prepares));
            }
        }
        return out;
    }

    /**
     * Installs a committed replay (§5.3): every sequence number in (from, startSeq) is ordered, bound to the given
     * PRE-PREPARE or to a no-op; ordering in the current view resumes at startSeq, and its first PRE-PREPARE must improve
     * on the last ordered matrix.
     */
    public void installReplay(long from, long startSeq, java.util.TreeMap<Long, Frame> bindings,
                              io.prime.core.message.ReplayCertificate certificate) {
        recordWindow(from, startSeq, certificate);
        bindWindow(from, startSeq, bindings);
        // Slots of the new view below startSeq (early proposals from a leader) are superseded by the replay.
        slots.entrySet().removeIf(e -> e.getKey() >= startSeq && e.getValue().prePrepare != null
                && e.getValue().prePrepare.view() != ctx.view());
        advanceOrdered();
        baseSeq = startSeq - 1;
        baseMatrix = lastOrderedMatrix;
        viewReady = true;
        highestSeqSeen = Math.max(highestSeqSeen, orderedAru);
        if (ctx.isLeader()) {
            nextPrePrepareSeq = startSeq;
            lastProposed = baseMatrix;
            lastPoAru.offerAll(baseMatrix);
        }
        validateFrom(startSeq);
    }

    /** A replay window of an earlier view, learnt by catch-up: order its sequence numbers, change nothing else. */
    public void installOlderReplay(long from, long startSeq, java.util.TreeMap<Long, Frame> bindings,
                                   io.prime.core.message.ReplayCertificate certificate) {
        recordWindow(from, startSeq, certificate);
        bindWindow(from, startSeq, bindings);
        advanceOrdered();
    }

    /** The certificate of the replay window starting after {@code from}, once it became available. */
    public void recordWindow(long from, long startSeq, io.prime.core.message.ReplayCertificate certificate) {
        replayWindows.put(from, startSeq);
        if (certificate != null) {
            replayCertificates.put(from, certificate);
        }
    }

    /**
     * What to show a replica that asks for {@code seq}: an ORDER-CERTIFICATE, or, if {@code seq} was decided by a view
     * change's replay window, that window's REPLAY-CERTIFICATE. Null if this replica holds neither.
     */
    public io.prime.core.message.Message catchupCertificate(long seq) {
        OrderCertificate c = certificate(seq);
        if (c != null) {
            return c;
        }
        java.util.Map.Entry<Long, Long> w = replayWindows.floorEntry(seq - 1);
        if (w != null && seq < w.getValue()) {
            return replayCertificates.get(w.getKey());
        }
        return null;
    }

    private void bindWindow(long from, long startSeq, java.util.TreeMap<Long, Frame> bindings) {
        for (long s = Math.max(from, orderedAru) + 1; s < startSeq; s++) {
            OrderSlot slot = slot(s);
            Frame binding = bindings.get(s);
            if (binding == null) {
                slot.noop = true;
                slot.prePrepare = null;
                slot.prePrepareFrame = null;
                slot.prePrepareDigest = null;
            } else {
                slot.prePrepare = (PrePrepare) binding.message();
                slot.prePrepareFrame = binding;
                slot.prePrepareDigest = binding.contentDigest(ctx.hasher);
                slot.orderedDigest = slot.prePrepareDigest;
                slot.validated = true;
                lastPoAru.offerAll(slot.prePrepare.matrix());
            }
        }
    }

    public boolean viewReady() {
        return viewReady;
    }

    // ---------------------------------------------------------------- leader

    /** The leader proposes its Last_PO_Aru when it has changed, at most once per Δpp (§4.1). */
    public void maybeSendPrePrepare() {
        if (!ctx.isLeader() || !viewReady) {
            return;
        }
        long version = lastPoAru.version();
        if (version == lastProposedVersion || nextPrePrepareSeq > orderedAru + ctx.config.orderWindow) {
            return;
        }
        PoAruMatrix matrix = lastPoAru.matrix();
        if (!MatrixRules.validSuccessor(matrix, lastProposed)) {
            lastProposedVersion = version;
            return;
        }
        if (!prePrepareDeadline.tryFire(ctx.now())) {
            return;
        }
        PrePrepare pp = new PrePrepare(ctx.view(), nextPrePrepareSeq++, ctx.self, matrix);
        lastProposed = matrix;
        lastProposedVersion = version;
        OrderSlot slot = slot(pp.seq());
        slot.prePrepare = pp;
        slot.validated = true;
        ctx.outbox.broadcast(pp);
        listener.prePrepareProposed(pp, ctx.now());
        for (Listener l : listeners) {
            l.prePrepareProposed(pp, ctx.now());
        }
    }

    /** Called with every frame this replica signed, so its own PRE-PREPAREs and votes can go into certificates. */
    public void ownFrame(Frame frame) {
        if (frame.message() instanceof PrePrepare pp && pp.view() == ctx.view()) {
            OrderSlot slot = slots.get(pp.seq());
            if (slot != null && slot.prePrepare == pp) {
                slot.prePrepareFrame = frame;
                slot.prePrepareDigest = frame.contentDigest(ctx.hasher);
                onPrepareProgress(slot);
            }
        } else if (frame.message() instanceof Prepare p) {
            OrderSlot slot = slots.get(p.seq());
            if (slot != null) {
                slot.prepares.attachFrame(ctx.self, p.prePrepareDigest(), frame);
            }
        } else if (frame.message() instanceof Commit c) {
            OrderSlot slot = slots.get(c.seq());
            if (slot != null) {
                slot.commits.attachFrame(ctx.self, c.prePrepareDigest(), frame);
            }
        }
    }

    // ---------------------------------------------------------------- PRE-PREPARE

    public void onPrePrepare(int from, Frame frame, PrePrepare pp) {
        noteSeq(pp.view(), pp.seq());
        if (pp.view() < ctx.view()) {
            ctx.reject(RejectReason.STALE);
            return;
        }
        if (pp.view() > ctx.view()) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return;
        }
        if (pp.leader() != ctx.leader()) {
            ctx.reject(RejectReason.WRONG_SENDER);
            return;
        }
        if (pp.leader() == ctx.self) {
            ctx.reject(RejectReason.DUPLICATE); // our own, flooded back
            return;
        }
        long seq = pp.seq();
        if (seq <= collectedUpTo || seq <= baseSeq) {
            ctx.reject(RejectReason.STALE);
            return;
        }
        if (seq > orderedAru + ctx.config.orderWindow) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return;
        }
        OrderSlot slot = slot(seq);
        Digest digest = frame.contentDigest(ctx.hasher);
        if (slot.prePrepare != null) {
            if (slot.prePrepareDigest.equals(digest)) {
                ctx.reject(RejectReason.DUPLICATE);
                return;
            }
            if (slot.prePrepareFrame != null && slot.prePrepare.view() == pp.view()) {
                equivocation(slot.prePrepareFrame, frame);
            }
            if (slot.orderedDigest == null || !slot.orderedDigest.equals(digest)) {
                // Two PRE-PREPAREs for one (view, seq) signed by the leader.
                ctx.reject(RejectReason.INCONSISTENT);
                return;
            }
            // The one we held lost; the ordered one replaces it.
        }
        slot.prePrepare = pp;
        slot.prePrepareFrame = frame;
        slot.prePrepareDigest = digest;
        // §4.2: flood on first receipt, so every correct server has it one round after the first one does.
        ctx.outbox.sendFrame(ctx.outbox.allOthers() & ~(1L << from) & ~(1L << pp.leader()), frame);
        lastPoAru.offerAll(pp.matrix());
        listener.prePrepareReceived(pp, ctx.now());
        for (Listener l : listeners) {
            l.prePrepareReceived(pp, ctx.now());
        }
        validateFrom(seq);
        onPrepareProgress(slot);
        advanceOrdered();
    }

    /**
     * The leader signed two PRE-PREPAREs for one (view, seq) with different contents ({@code first} held,
     * {@code second} just received): proof of corruption, like two conflicting REPLAYs (§5.3). Once per view: suspect
     * the leader (the listeners vote to replace it) and forward the pair, so every correct server suspects it even if
     * flooding had not yet shown it both.
     */
    private void equivocation(Frame first, Frame second) {
        PrePrepare pp = (PrePrepare) second.message();
        if (pp.view() != ctx.view() || equivocationView == pp.view()) {
            return;
        }
        equivocationView = pp.view();
        ctx.event(io.prime.core.replica.ProtocolEvent.Type.LEADER_SUSPECTED, "leader " + pp.leader() + " of view "
                + pp.view() + ": two signed PRE-PREPAREs for seq " + pp.seq() + " with different contents");
        ctx.outbox.broadcast(new PrePrepareConflict(ctx.self, first, second));
        listener.leaderEquivocated(pp.view());
        for (Listener l : listeners) {
            l.leaderEquivocated(pp.view());
        }
    }

    /** A PRE-PREPARE-CONFLICT: checked here (the edge checked the leader's signatures on both). */
    public void onPrePrepareConflict(PrePrepareConflict m) {
        PrePrepare a = m.firstPrePrepare();
        PrePrepare b = m.secondPrePrepare();
        if (a.view() != b.view() || a.seq() != b.seq() || a.leader() != b.leader()
                || a.leader() != ctx.config.leaderOf(a.view())
                || m.first().contentDigest(ctx.hasher).equals(m.second().contentDigest(ctx.hasher))) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        if (a.view() != ctx.view()) {
            ctx.reject(a.view() < ctx.view() ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return;
        }
        if (equivocationView == a.view()) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        equivocation(m.first(), m.second());
    }

    /** Runs the §4.1 validity check on {@code seq} and, as each passes, on its successors. */
    private void validateFrom(long seq) {
        if (!viewReady) {
            return; // the new view's base is known once its replay is installed
        }
        for (long s = seq; ; s++) {
            OrderSlot slot = slots.get(s);
            if (slot == null || slot.prePrepare == null || slot.validated || slot.invalid) {
                return;
            }
            PoAruMatrix previous = predecessorMatrix(s);
            if (previous == null) {
                return; // wait for the predecessor
            }
            if (!MatrixRules.validSuccessor(slot.prePrepare.matrix(), previous)) {
                slot.invalid = true;
                ctx.reject(RejectReason.INVALID);
                return;
            }
            slot.validated = true;
            if (!ctx.isLeader() && !slot.sentPrepare) {
                slot.sentPrepare = true;
                Prepare prepare = new Prepare(ctx.view(), s, ctx.self, slot.prePrepareDigest);
                slot.prepares.add(ctx.self, slot.prePrepareDigest, null);
                ctx.outbox.broadcast(prepare);
            }
            onPrepareProgress(slot);
        }
    }

    /** The matrix {@code seq}'s PRE-PREPARE must improve on, or null if not known yet. */
    private PoAruMatrix predecessorMatrix(long seq) {
        if (seq - 1 == baseSeq) {
            return baseMatrix;
        }
        if (seq - 1 == anchorSeq) {
            return anchorMatrix;
        }
        OrderSlot previous = slots.get(seq - 1);
        if (previous != null && previous.prePrepare != null && (previous.validated || previous.executable())) {
            return previous.prePrepare.matrix();
        }
        return null;
    }

    // ---------------------------------------------------------------- PREPARE and COMMIT

    public void onPrepare(Frame frame, Prepare p) {
        OrderSlot slot = voteSlot(p.view(), p.seq(), p.sender());
        if (slot == null) {
            return;
        }
        if (p.sender() == ctx.leader()) {
            ctx.reject(RejectReason.WRONG_SENDER); // the PRE-PREPARE is the leader's vote
            return;
        }
        switch (slot.prepares.add(p.sender(), p.prePrepareDigest(), frame)) {
            case DUPLICATE -> ctx.reject(RejectReason.DUPLICATE);
            case CONFLICT -> ctx.reject(RejectReason.INCONSISTENT);
            case NEW -> onPrepareProgress(slot);
        }
    }

    public void onCommit(Frame frame, Commit c) {
        OrderSlot slot = voteSlot(c.view(), c.seq(), c.sender());
        if (slot == null) {
            return;
        }
        switch (slot.commits.add(c.sender(), c.prePrepareDigest(), frame)) {
            case DUPLICATE -> ctx.reject(RejectReason.DUPLICATE);
            case CONFLICT -> ctx.reject(RejectReason.INCONSISTENT);
            case NEW -> {
                onCommitProgress(slot);
                advanceOrdered();
            }
        }
    }

    private OrderSlot voteSlot(long view, long seq, int sender) {
        noteSeq(view, seq);
        if (view < ctx.view()) {
            ctx.reject(RejectReason.STALE);
            return null;
        }
        if (view > ctx.view()) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return null;
        }
        if (sender == ctx.self) {
            ctx.reject(RejectReason.DUPLICATE);
            return null;
        }
        if (seq <= collectedUpTo || seq <= baseSeq || seq <= orderedAru && slots.get(seq) == null) {
            ctx.reject(RejectReason.STALE);
            return null;
        }
        if (seq > orderedAru + ctx.config.orderWindow) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return null;
        }
        return slot(seq);
    }

    /** Prepared (the PRE-PREPARE and 2f matching PREPAREs from non-leaders): send COMMIT. */
    private void onPrepareProgress(OrderSlot slot) {
        if (slot.sentCommit || !slot.validated || slot.prePrepareDigest == null) {
            return;
        }
        if (slot.prepares.count(slot.prePrepareDigest, 1L << ctx.leader()) >= 2 * ctx.f) {
            slot.sentCommit = true;
            slot.commits.add(ctx.self, slot.prePrepareDigest, null);
            ctx.outbox.broadcast(new Commit(ctx.view(), slot.seq, ctx.self, slot.prePrepareDigest));
            onCommitProgress(slot);
            advanceOrdered();
        }
    }

    /** Globally ordered: 2f+1 matching COMMITs. */
    private void onCommitProgress(OrderSlot slot) {
        if (slot.orderedDigest != null) {
            return;
        }
        Digest d = slot.commits.quorumDigest(ctx.config.quorum(), 0);
        if (d != null) {
            slot.orderedDigest = d;
        }
    }

    private void advanceOrdered() {
        while (true) {
            OrderSlot next = slots.get(orderedAru + 1);
            if (next == null || !next.executable()) {
                return;
            }
            orderedAru++;
            if (!next.noop) {
                lastOrderedMatrix = next.prePrepare.matrix();
            }
            // An ordered PRE-PREPARE is valid by quorum: it anchors the validity chain for its successor.
            validateFrom(orderedAru + 1);
        }
    }

    // ---------------------------------------------------------------- catch-up support

    /** Evidence that sequence number {@code seq} exists in the current view (even if refused as out of window). */
    private void noteSeq(long view, long seq) {
        // Later views count too: a replica that missed a view change must learn it has something to catch up.
        if (view >= ctx.view() && seq > highestSeqSeen) {
            highestSeqSeen = seq;
        }
    }

    /** Another server reported executing up to {@code seq} (view change REPORT): catch up if behind. */
    public void noteExists(long seq) {
        highestSeqSeen = Math.max(highestSeqSeen, seq);
    }

    /** The highest global sequence number this replica has seen mentioned in the current view. */
    public long highestSeqSeen() {
        return highestSeqSeen;
    }

    /**
     * A commit certificate for an ordered {@code seq}: the PRE-PREPARE and 2f+1 COMMITs naming it, as signed frames.
     * Null if this replica does not hold one (not ordered yet, collected, or missing frames).
     */
    public OrderCertificate certificate(long seq) {
        OrderSlot slot = slots.get(seq);
        if (slot == null || !slot.executable() || slot.prePrepareFrame == null) {
            return null;
        }
        Frame[] commits = slot.commits.framesFor(slot.orderedDigest);
        if (commits.length < ctx.config.quorum()) {
            // Ordered by a whole certificate (possibly of an older view, whose COMMITs are not counted here).
            OrderCertificate whole = slot.installedCertificate;
            return whole != null && whole.prePrepare().equals(slot.prePrepareFrame) ? whole : null;
        }
        return new OrderCertificate(ctx.self, slot.prePrepareFrame,
                java.util.Arrays.asList(commits).subList(0, ctx.config.quorum()));
    }

    /**
     * Installs a verified commit certificate (signatures were checked at the edge; the quorum is checked here):
     * the PRE-PREPARE is globally ordered whichever view it was ordered in.
     */
    public void install(OrderCertificate certificate) {
        PrePrepare pp = certificate.prePrepareMessage();
        Frame ppFrame = certificate.prePrepare();
        long seq = pp.seq();
        if (pp.leader() != ctx.config.leaderOf(pp.view())) {
            ctx.reject(RejectReason.WRONG_SENDER);
            return;
        }
        if (seq <= orderedAru || seq <= collectedUpTo) {
            ctx.reject(RejectReason.STALE);
            return;
        }
        if (seq > orderedAru + ctx.config.orderWindow) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return;
        }
        Digest digest = ppFrame.contentDigest(ctx.hasher);
        long voters = 0;
        for (Frame f : certificate.commits()) {
            Commit c = (Commit) f.message();
            if (c.view() != pp.view() || c.seq() != seq || !c.prePrepareDigest().equals(digest)) {
                ctx.reject(RejectReason.INVALID);
                return;
            }
            voters |= 1L << c.sender();
        }
        if (Long.bitCount(voters) < ctx.config.quorum()) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        OrderSlot slot = slot(seq);
        if (slot.executable()) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        slot.prePrepare = pp;
        slot.prePrepareFrame = ppFrame;
        slot.prePrepareDigest = digest;
        slot.validated = true;
        slot.orderedDigest = digest;
        slot.installedCertificate = certificate;
        if (pp.view() == ctx.view()) {
            for (Frame f : certificate.commits()) {
                slot.commits.add(((Commit) f.message()).sender(), digest, f);
            }
        }
        lastPoAru.offerAll(pp.matrix());
        advanceOrdered();
    }

    // ---------------------------------------------------------------- PROOF-MATRIX

    /** A non-leader sends its Last_PO_Aru to the leader when it has changed, at most once per period (§4.2). */
    public void maybeSendProofMatrix() {
        if (ctx.isLeader() || !viewReady) {
            return;
        }
        long version = lastPoAru.version();
        if (version == lastProofMatrixVersion || !proofMatrixDeadline.tryFire(ctx.now())) {
            return;
        }
        lastProofMatrixVersion = version;
        PoAruMatrix matrix = lastPoAru.matrix();
        ctx.outbox.sendTo(ctx.leader(), new ProofMatrix(ctx.self, ctx.view(), matrix));
        listener.proofMatrixSent(matrix, ctx.now());
        for (Listener l : listeners) {
            l.proofMatrixSent(matrix, ctx.now());
        }
    }

    public void onProofMatrix(ProofMatrix pm) {
        if (pm.view() != ctx.view()) {
            ctx.reject(pm.view() < ctx.view() ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return;
        }
        // Any server adopts the more up-to-date PO-ARUs it finds; the leader thereby covers what it was shown.
        lastPoAru.offerAll(pm.matrix());
    }

    // ---------------------------------------------------------------- retransmission and garbage collection

    /**
     * If the lowest unordered sequence number made no progress during a whole period, resend what we contributed
     * to it: the PRE-PREPARE (flooded again), our PREPARE and our COMMIT. Lost messages are thereby repaired once the
     * network delivers again.
     */
    public void maybeRetransmit() {
        long now = ctx.now();
        if (now < nextRetransmitNanos) {
            return;
        }
        nextRetransmitNanos = now + ctx.config.retransmitPeriodMicros * 1_000;
        if (!viewReady) {
            return; // during a view change the view change retransmits its own messages
        }
        OrderSlot slot = slots.get(orderedAru + 1);
        if (slot == null) {
            return;
        }
        int progress = slot.progress();
        boolean stuck = progress == slot.progressAtLastCheck;
        slot.progressAtLastCheck = progress;
        if (!stuck) {
            return;
        }
        if (slot.prePrepareFrame != null) {
            ctx.outbox.sendFrame(ctx.outbox.allOthers(), slot.prePrepareFrame);
        }
        if (slot.sentPrepare) {
            ctx.outbox.broadcast(new Prepare(ctx.view(), slot.seq, ctx.self, slot.prePrepareDigest));
        }
        if (slot.sentCommit) {
            ctx.outbox.broadcast(new Commit(ctx.view(), slot.seq, ctx.self, slot.prePrepareDigest));
        }
    }

    /**
     * A checkpoint's state was installed (state transfer or restart): everything up to {@code seq} is ordered and
     * executed, and {@code matrix} (the last PRE-PREPARE's at or before it) anchors the validity chain after it.
     */
    public void installCheckpoint(long seq, PoAruMatrix matrix) {
        slots.headMap(seq, true).clear();
        collectedUpTo = Math.max(collectedUpTo, seq);
        if (seq >= orderedAru) {
            orderedAru = seq;
            lastOrderedMatrix = matrix;
            lastPoAru.offerAll(matrix);
        }
        anchorSeq = seq;
        anchorMatrix = matrix;
        highestSeqSeen = Math.max(highestSeqSeen, seq);
        if (ctx.isLeader() && nextPrePrepareSeq <= seq) {
            nextPrePrepareSeq = seq + 1;
            lastProposed = matrix;
        }
        advanceOrdered();
        validateFrom(orderedAru + 1);
    }

    /** Everything up to {@code seq} has been executed: keep only {@code orderRetention} ordered slots below it. */
    public void executedUpTo(long seq) {
        long limit = seq - ctx.config.orderRetention;
        while (!replayWindows.isEmpty() && replayWindows.firstEntry().getValue() <= limit) {
            replayCertificates.remove(replayWindows.pollFirstEntry().getKey());
        }
        while (!slots.isEmpty() && slots.firstKey() <= limit) {
            slots.pollFirstEntry();
            collectedUpTo = Math.max(collectedUpTo, limit);
        }
    }

    public long nextDeadlineNanos() {
        long next = nextRetransmitNanos;
        if (ctx.isLeader() && viewReady && lastPoAru.version() != lastProposedVersion
                && nextPrePrepareSeq <= orderedAru + ctx.config.orderWindow) {
            next = Math.min(next, prePrepareDeadline.nextAllowedNanos());
        }
        if (!ctx.isLeader() && viewReady && lastPoAru.version() != lastProofMatrixVersion) {
            next = Math.min(next, proofMatrixDeadline.nextAllowedNanos());
        }
        return next;
    }

    private OrderSlot slot(long seq) {
        return slots.computeIfAbsent(seq, s -> new OrderSlot(s, ctx.n));
    }

    /** A one-paragraph description of the ordering state around the ordered prefix, for traces and debugging. */
    public String describe() {
        StringBuilder sb = new StringBuilder("view " + ctx.view() + " orderedAru " + orderedAru + " highestSeen "
                + highestSeqSeen + " nextPP " + nextPrePrepareSeq + " base " + baseSeq);
        for (long s = orderedAru + 1; s <= orderedAru + 3; s++) {
            OrderSlot slot = slots.get(s);
            if (slot == null) {
                sb.append(" | ").append(s).append(": none");
                continue;
            }
            sb.append(" | ").append(s).append(": pp=").append(slot.prePrepareDigest)
                    .append(slot.validated ? " valid" : "").append(slot.invalid ? " INVALID" : "")
                    .append(" prepares=").append(slot.prePrepareDigest == null ? -1 : slot.prepares.count(slot.prePrepareDigest, 0))
                    .append(" commits=").append(slot.prePrepareDigest == null ? -1 : slot.commits.count(slot.prePrepareDigest, 0))
                    .append(slot.sentPrepare ? " sentP" : "").append(slot.sentCommit ? " sentC" : "")
                    .append(" ordered=").append(slot.orderedDigest);
        }
        return sb.toString();
    }

    /** Number of slots held, for memory-bound tests. */
    public int slotCount() {
        return slots.size();
    }
}
