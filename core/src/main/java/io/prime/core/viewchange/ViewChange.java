package io.prime.core.viewchange;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.ThresholdScheme;
import io.prime.core.message.Message;
import io.prime.core.message.PcSet;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.Prepare;
import io.prime.core.message.RbEcho;
import io.prime.core.message.RbInit;
import io.prime.core.message.RbReady;
import io.prime.core.message.Replay;
import io.prime.core.message.ReplayCertificate;
import io.prime.core.message.ReplayCommit;
import io.prime.core.message.ReplayConflict;
import io.prime.core.message.ReplayPrepare;
import io.prime.core.message.Report;
import io.prime.core.message.VcList;
import io.prime.core.message.VcPartialSig;
import io.prime.core.message.VcProof;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaContext;
import io.prime.core.suspect.SuspectLeader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prime view change (§5, Table 1), which leans on the new leader for one message only.
 *
 * <ol>
 *   <li><b>State dissemination</b> (driven by correct servers): on preinstalling view v, reliably broadcast a REPORT
 *       (execution ARU, number of certificates) with tag ⟨i, v, 0⟩ and one PC-SET per Prepare-Certificate with tags
 *       ⟨i, v, j⟩. Server i has <em>collected complete state</em> from j when it delivered j's REPORT and all of j's
 *       PC-SETs and has executed at least up to j's execution ARU. Having it from 2f+1 servers: broadcast VC-LIST.</li>
 *   <li><b>Proof generation</b> (driven by correct servers): for each VC-LIST whose servers' state it has collected,
 *       broadcast VC-PARTIAL-SIG, a threshold share on ⟨v, ids, startSeq⟩; 2f+1 matching shares, each verified against
 *       its signer's public share first, combine into a VC-PROOF, sent to everyone; its sender starts measuring the
 *       leader's turnaround (SUSPECT-LEADER).</li>
 *   <li><b>Replay</b> (the leader, monitored by SUSPECT-LEADER): the leader answers the first VC-PROOF with a signed
 *       REPLAY; everyone floods it, agrees on it with REPLAY-PREPARE / REPLAY-COMMIT (a server commits only once it has
 *       complete state from every server in the list), and executes the whole replay window in one batch: each sequence
 *       number from the highest reported execution ARU to startSeq-1 is bound to the Prepare-Certificate from the highest
 *       view reported for it, or to a no-op. Two different signed REPLAYs for one view prove the leader faulty.</li>
 * </ol>
 *
 * A server's Prepare-Certificates are those it holds for sequence numbers above its execution ARU (prepared in the
 * normal case: it sent a COMMIT); the paper's "not yet globally ordered" is read as "not yet executed", so a number
 * ordered here but not executed is reported too (otherwise a replay could bind it to a no-op while another correct
 * server executed it). Certificates survive view changes that do not complete: the highest view's wins.
 */
public final class ViewChange {
    /** What the view change needs from the ordering and execution sub-protocols. */
    public interface Host {
        long executedSeq();

        /** Leave the previous view: forget its unordered slots. */
        void enterView(long view);

        /** Prepare-Certificates held for sequence numbers above {@code aboveSeq} (PRE-PREPARE frame, PREPARE frames). */
        List<Certificate> preparedCertificates(long aboveSeq);

        /** Others executed at least up to {@code seq}: catch up if behind. */
        void noteExists(long seq);

        /**
         * The replay was committed: bind each sequence number in (from, startSeq) and resume ordering at startSeq.
         * {@code certificate} proves the outcome to replicas that missed the view change (catch-up).
         */
        void installReplay(long from, long startSeq, TreeMap<Long, Frame> bindings, ReplayCertificate certificate);

        /** A replay window of an earlier view, learnt by catch-up: order its sequence numbers, change nothing else. */
        void installOlderReplay(long from, long startSeq, TreeMap<Long, Frame> bindings, ReplayCertificate certificate);
    }

    /** A Prepare-Certificate: the leader's PRE-PREPARE and 2f PREPAREs from others, as signed frames. */
    public record Certificate(Frame prePrepare, List<Frame> prepares) {
        public PrePrepare message() {
            return (PrePrepare) prePrepare.message();
        }
    }

    private static final int EARLY_LIMIT = 8192;

    private final ReplicaContext ctx;
    private final Host host;
    private final SuspectLeader suspect;
    private final LeaderElection election;
    private final ThresholdScheme threshold;
    private final ThresholdScheme.ShareSigner share;
    private final ReliableBroadcast rb;
    /** Our certificates across views: the highest view's per sequence number, above our execution ARU. */
    private final TreeMap<Long, Certificate> certificates = new TreeMap<>();
    /** Messages for a view we have not preinstalled yet (a faster server's), replayed when we do. */
    private final ArrayDeque<Frame> early = new ArrayDeque<>();

    // per-view state
    private boolean active;
    private boolean installed;
    private Report[] reports;
    private List<TreeMap<Integer, PcSet>> pcs;
    private long completeMask;
    private boolean vcListSent;
    private final Map<Long, Boolean> vcLists = new LinkedHashMap<>();
    private final Map<Long, Long> partialSent = new HashMap<>();
    private final Map<String, Map<Integer, byte[]>> partials = new HashMap<>();
    private VcProof proofSent;
    private Frame replayFrame;
    private Replay replay;
    private Digest replayDigest;
    private boolean replaySent;
    private long replayPrepares;
    private final Map<String, Long> replayCommits = new HashMap<>();
    /** Signed REPLAY-COMMIT frames by (replay digest, outcome digest), then by sender: the replay's certificate. */
    private final Map<String, Frame[]> replayCommitFrames = new HashMap<>();
    private boolean sentReplayPrepare;
    private boolean sentReplayCommit;
    private Digest outcomeDigest;
    private TreeMap<Long, Frame> outcome;
    private long outcomeFrom;
    private boolean conflictSent;
    private long nextRetransmitNanos;

    public ViewChange(ReplicaContext ctx, Host host, SuspectLeader suspect, LeaderElection election,
                      ThresholdScheme threshold, ThresholdScheme.ShareSigner share) {
        this.ctx = ctx;
        this.host = host;
        this.suspect = suspect;
        this.election = election;
        this.threshold = threshold;
        this.share = share;
        this.rb = new ReliableBroadcast(ctx, this::delivered);
    }

    /** True between preinstalling a view and executing its replay. */
    public boolean inProgress() {
        return active && !installed;
    }

    // ------------------------------------------------------------------ preinstall and state dissemination

    /** Preinstalls view {@code v} (2f+1 NEW-LEADER votes): §5.3, state dissemination. */
    public void preinstall(long v) {
        if (v <= ctx.view() && active) {
            return;
        }
        long executed = host.executedSeq();
        for (Certificate c : host.preparedCertificates(executed)) {
            Certificate held = certificates.get(c.message().seq());
            if (held == null || held.message().view() <= c.message().view()) {
                certificates.put(c.message().seq(), c);
            }
        }
        certificates.headMap(executed, true).clear();
        ctx.setView(v);
        host.enterView(v);
        suspect.newView(v);
        rb.newView(v);
        resetViewState();
        ctx.event(ProtocolEvent.Type.VIEW_CHANGE_STARTED, "preinstalled view " + v + ", leader " + ctx.leader());
        List<Certificate> mine = new ArrayList<>(certificates.values());
        rb.broadcast(0, new Report(v, executed, mine.size(), ctx.self));
        for (int j = 0; j < mine.size(); j++) {
            Certificate c = mine.get(j);
            rb.broadcast(j + 1, new PcSet(v, ctx.self, c.prePrepare(), c.prepares()));
        }
        nextRetransmitNanos = ctx.now() + ctx.config.retransmitPeriodMicros * 1_000;
        // Messages of this view that arrived before we preinstalled it.
        int pending = early.size();
        for (int i = 0; i < pending; i++) {
            Frame f = early.poll();
            long fv = viewOf(f.message());
            if (fv == v) {
                onMessage(-1, f);
            } else if (fv > v) {
                early.add(f);
            }
        }
    }

    private void resetViewState() {
        active = true;
        installed = false;
        reports = new Report[ctx.n];
        pcs = new ArrayList<>();
        for (int i = 0; i < ctx.n; i++) {
            pcs.add(new TreeMap<>());
        }
        completeMask = 0;
        vcListSent = false;
        vcLists.clear();
        partialSent.clear();
        partials.clear();
        proofSent = null;
        replayFrame = null;
        replay = null;
        replayDigest = null;
        replaySent = false;
        replayPrepares = 0;
        replayCommits.clear();
        replayCommitFrames.clear();
        sentReplayPrepare = false;
        sentReplayCommit = false;
        outcomeDigest = null;
        outcome = null;
        conflictSent = false;
    }

    private void delivered(int origin, int seq, Frame payload) {
        Message m = payload.message();
        if (m instanceof Report r) {
            if (r.numSeq() > ctx.config.orderWindow) {
                ctx.reject(RejectReason.OUT_OF_WINDOW); // a faulty server announcing more than it could hold
                return;
            }
            reports[origin] = r;
            host.noteExists(r.execAru());
        } else if (m instanceof PcSet pc) {
            if (!validCertificate(pc.prePrepare(), pc.prepares())) {
                ctx.reject(RejectReason.INVALID);
                return;
            }
            pcs.get(origin).put(seq, pc);
        }
        checkComplete();
    }

    /** A Prepare-Certificate: the leader's PRE-PREPARE of an earlier view and 2f matching PREPAREs from non-leaders. */
    private boolean validCertificate(Frame ppFrame, List<Frame> prepares) {
        PrePrepare pp = (PrePrepare) ppFrame.message();
        if (pp.view() >= ctx.view() || pp.leader() != ctx.config.leaderOf(pp.view())) {
            return false;
        }
        Digest digest = ppFrame.contentDigest(ctx.hasher);
        long voters = 0;
        for (Frame f : prepares) {
            Prepare p = (Prepare) f.message();
            if (p.view() != pp.view() || p.seq() != pp.seq() || !p.prePrepareDigest().equals(digest)
                    || p.sender() == pp.leader()) {
                return false;
            }
            voters |= 1L << p.sender();
        }
        return Long.bitCount(voters) >= 2 * ctx.f;
    }

    /** §5.3: collected complete state from j. Re-checked as execution progresses. */
    public void checkComplete() {
        if (!active || installed) {
            return;
        }
        long executed = host.executedSeq();
        for (int j = 0; j < ctx.n; j++) {
            Report r = reports[j];
            if ((completeMask & (1L << j)) == 0 && r != null && pcs.get(j).size() >= r.numSeq()
                    && pcs.get(j).headMap(r.numSeq(), true).size() == r.numSeq() && executed >= r.execAru()) {
                completeMask |= 1L << j;
            }
        }
        if (!vcListSent && Long.bitCount(completeMask) >= ctx.config.quorum()) {
            vcListSent = true;
            long ids = lowest(completeMask, ctx.config.quorum());
            VcList list = new VcList(ctx.view(), ids, ctx.self);
            ctx.outbox.broadcast(list);
            onVcList(list);
        }
        for (long ids : new ArrayList<>(vcLists.keySet())) {
            maybeSignPartial(ids);
        }
        maybeCommitReplay();
    }

    private static long lowest(long mask, int count) {
        long out = 0;
        for (int i = 0; i < 64 && Long.bitCount(out) < count; i++) {
            if ((mask & (1L << i)) != 0) {
                out |= 1L << i;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ proof generation

    public void onVcList(VcList m) {
        if (!forCurrentView(m.view()) || Long.bitCount(m.ids()) != ctx.config.quorum()) {
            return;
        }
        if (vcLists.putIfAbsent(m.ids(), Boolean.TRUE) == null) {
            maybeSignPartial(m.ids());
        }
    }

    private void maybeSignPartial(long ids) {
        if ((ids & ~completeMask) != 0 || partialSent.containsKey(ids) || installed) {
            return;
        }
        long start = startSeq(ids);
        partialSent.put(ids, start);
        byte[] partial = share.partialSign(VcProof.signedBytes(ctx.view(), ids, start));
        VcPartialSig p = new VcPartialSig(ctx.view(), ids, start, partial, ctx.self);
        ctx.outbox.broadcast(p);
        onPartial(p);
    }

    /** The sequence number right after the replay window, from the REPORTs and PC-SETs of {@code ids}. */
    private long startSeq(long ids) {
        long max = maxExecAru(ids);
        for (int j = 0; j < ctx.n; j++) {
            if ((ids & (1L << j)) != 0) {
                for (PcSet pc : pcs.get(j).values()) {
                    max = Math.max(max, pc.prePrepareMessage().seq());
                }
            }
        }
        return max + 1;
    }

    private long maxExecAru(long ids) {
        long max = 0;
        for (int j = 0; j < ctx.n; j++) {
            if ((ids & (1L << j)) != 0 && reports[j] != null) {
                max = Math.max(max, reports[j].execAru());
            }
        }
        return max;
    }

    public void onPartial(VcPartialSig m) {
        if (!forCurrentView(m.view())) {
            return;
        }
        byte[] data = VcProof.signedBytes(m.view(), m.ids(), m.startSeq());
        // Unlike the original Prime, a share was checked against its signer's public share (at the edge,
        // InboundVerifier) before it gets here to be combined.
        String key = m.ids() + "/" + m.startSeq();
        Map<Integer, byte[]> got = partials.computeIfAbsent(key, k -> new TreeMap<>());
        if (got.putIfAbsent(m.sender(), m.partial()) != null) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        if (got.size() == ctx.config.quorum() && proofSent == null) {
            byte[] proof = threshold.combine(data, got);
            proofSent = new VcProof(m.view(), m.ids(), m.startSeq(), proof, ctx.self);
            ctx.outbox.broadcast(proofSent);
            suspect.vcProofSent();
            onProof(proofSent);
        }
    }

    // ------------------------------------------------------------------ replay

    public void onProof(VcProof m) {
        if (!forCurrentView(m.view())) {
            return;
        }
        // The threshold signature was checked at the edge (InboundVerifier); our own proof we combined ourselves.
        if (ctx.isLeader() && !replaySent) {
            // The leader can send the REPLAY at once, before it has collected the state itself (§5.3).
            replaySent = true;
            ctx.outbox.broadcast(new Replay(m.view(), m.ids(), m.startSeq(), m.proof(), ctx.self));
        }
    }

    public void onReplay(int from, Frame frame, Replay m) {
        if (!forCurrentView(m.view())) {
            return;
        }
        if (m.leader() != ctx.leader()) {
            ctx.reject(RejectReason.WRONG_SENDER);
            return;
        }
        // The threshold signature was checked at the edge (InboundVerifier).
        if (Long.bitCount(m.ids()) != ctx.config.quorum()) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        if (replay != null) {
            if (replay.sameDecision(m)) {
                ctx.reject(RejectReason.DUPLICATE);
            } else {
                conflict(replayFrame, frame);
            }
            return;
        }
        replay = m;
        replayFrame = frame;
        replayDigest = frame.contentDigest(ctx.hasher);
        // Flooded like a PRE-PREPARE; any valid REPLAY ends the VC-PROOF turnaround.
        ctx.outbox.sendFrame(ctx.outbox.allOthers() & ~(1L << from) & ~(1L << m.leader()), frame);
        suspect.replayReceived();
        if (!ctx.isLeader() && !sentReplayPrepare) {
            sentReplayPrepare = true;
            ReplayPrepare p = new ReplayPrepare(ctx.view(), replayDigest, ctx.self);
            ctx.outbox.broadcast(p);
            onReplayPrepare(p);
        }
        maybeCommitReplay();
    }

    /** Our own signed frames: the leader processes its REPLAY like any server; our REPLAY-COMMIT joins the certificate. */
    public void ownFrame(Frame frame) {
        if (frame.message() instanceof Replay r && r.leader() == ctx.self && replay == null) {
            onReplay(ctx.self, frame, r);
        } else if (frame.message() instanceof ReplayCommit c && c.view() == ctx.view()) {
            replayCommitFrames.computeIfAbsent(c.replayDigest() + "/" + c.outcomeDigest(), k -> new Frame[ctx.n])[ctx.self] = frame;
        }
    }

    /** The certificate of the installed replay, once 2f+1 signed commits are at hand (for peers that catch up). */
    public ReplayCertificate installedCertificate() {
        if (!installed || replayDigest == null || outcomeDigest == null) {
            return null;
        }
        return certificate(replayDigest + "/" + outcomeDigest);
    }

    private void conflict(Frame first, Frame second) {
        if (conflictSent) {
            return;
        }
        conflictSent = true;
        ctx.event(ProtocolEvent.Type.NOTICE, "two conflicting REPLAYs from leader " + ctx.leader() + " in view " + ctx.view());
        ctx.outbox.broadcast(new ReplayConflict(ctx.self, first, second));
        election.suspect(ctx.view());
    }

    public void onReplayConflict(ReplayConflict m) {
        Replay a = (Replay) m.first().message();
        Replay b = (Replay) m.second().message();
        if (a.view() != b.view() || a.leader() != b.leader() || a.sameDecision(b)
                || a.leader() != ctx.config.leaderOf(a.view())) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        if (a.view() == ctx.view()) {
            conflict(m.first(), m.second());
        }
    }

    public void onReplayPrepare(ReplayPrepare m) {
        if (!forCurrentView(m.view())) {
            return;
        }
        if (m.sender() == ctx.leader()) {
            ctx.reject(RejectReason.WRONG_SENDER);
            return;
        }
        if (replayDigest != null && !replayDigest.equals(m.replayDigest())) {
            ctx.reject(RejectReason.INCONSISTENT);
            return;
        }
        replayPrepares |= 1L << m.sender();
        maybeCommitReplay();
    }

    /** Prepared (the REPLAY and 2f REPLAY-PREPAREs) and complete state from every listed server: REPLAY-COMMIT. */
    private void maybeCommitReplay() {
        if (replay == null || sentReplayCommit || installed || Long.bitCount(replayPrepares) < 2 * ctx.f
                || (replay.ids() & ~completeMask) != 0) {
            return;
        }
        computeOutcome();
        if (replay.startSeq() != startSeq(replay.ids())) {
            ctx.reject(RejectReason.INVALID); // the proof's startSeq disagrees with the state: cannot happen for correct servers
            return;
        }
        sentReplayCommit = true;
        ReplayCommit c = new ReplayCommit(ctx.view(), replayDigest, outcomeDigest, ctx.self);
        ctx.outbox.broadcast(c);
        onReplayCommit(c);
    }

    /** Each sequence number of the window bound to the certificate from the highest view reported, or a no-op. */
    private void computeOutcome() {
        long ids = replay.ids();
        outcomeFrom = maxExecAru(ids);
        outcome = new TreeMap<>();
        for (int j = 0; j < ctx.n; j++) {
            if ((ids & (1L << j)) == 0) {
                continue;
            }
            for (PcSet pc : pcs.get(j).values()) {
                PrePrepare pp = pc.prePrepareMessage();
                if (pp.seq() <= outcomeFrom || pp.seq() >= replay.startSeq()) {
                    continue;
                }
                Frame held = outcome.get(pp.seq());
                PrePrepare heldPp = held == null ? null : (PrePrepare) held.message();
                if (held == null || pp.view() > heldPp.view()
                        || (pp.view() == heldPp.view() && pc.prePrepare().contentDigest(ctx.hasher).compareTo(held.contentDigest(ctx.hasher)) < 0)) {
                    outcome.put(pp.seq(), pc.prePrepare());
                }
            }
        }
        outcomeDigest = outcomeDigest(ctx.view(), outcomeFrom, replay.startSeq(), outcome, ctx.hasher);
    }

    /** The digest REPLAY-COMMITs name: for each sequence number of the window, no-op or the bound PRE-PREPARE. */
    public static Digest outcomeDigest(long view, long from, long startSeq, TreeMap<Long, Frame> bindings,
                                       io.prime.core.crypto.Hasher hasher) {
        io.prime.core.codec.WireWriter w = new io.prime.core.codec.WireWriter(64 + 40 * bindings.size());
        w.i64(view).i64(from).i64(startSeq);
        for (long s = from + 1; s < startSeq; s++) {
            Frame f = bindings.get(s);
            w.bool(f != null);
            if (f != null) {
                w.digest(f.contentDigest(hasher));
            }
        }
        return hasher.digest(w.toByteArray());
    }

    public void onReplayCommit(ReplayCommit m) {
        onReplayCommit(m, null);
    }

    private void onReplayCommit(ReplayCommit m, Frame frame) {
        if (!forCurrentView(m.view())) {
            return;
        }
        String key = m.replayDigest() + "/" + m.outcomeDigest();
        if (frame != null) {
            replayCommitFrames.computeIfAbsent(key, k -> new Frame[ctx.n])[m.sender()] = frame;
        }
        long voters = replayCommits.merge(key, 1L << m.sender(), (a, b) -> a | b);
        if (Long.bitCount(voters) >= ctx.config.quorum() && sentReplayCommit && !installed
                && m.replayDigest().equals(replayDigest) && m.outcomeDigest().equals(outcomeDigest)) {
            installed = true;
            host.installReplay(outcomeFrom, replay.startSeq(), outcome, certificate(key));
            certificates.clear();
            ctx.event(ProtocolEvent.Type.VIEW_INSTALLED, "view " + ctx.view() + " installed, leader " + ctx.leader()
                    + ", replayed " + (replay.startSeq() - 1 - outcomeFrom) + " sequence numbers ("
                    + outcome.size() + " bound, the rest no-ops), ordering resumes at " + replay.startSeq());
        }
    }

    /** The replay's certificate for catch-up, if 2f+1 signed commits are at hand (our own arrives after sealing). */
    private ReplayCertificate certificate(String key) {
        Frame[] frames = replayCommitFrames.get(key);
        if (frames == null) {
            return null;
        }
        List<Frame> commits = new ArrayList<>();
        for (Frame f : frames) {
            if (f != null && commits.size() < ctx.config.quorum()) {
                commits.add(f);
            }
        }
        if (commits.size() < ctx.config.quorum()) {
            return null;
        }
        return new ReplayCertificate(ctx.self, replayFrame, commits, outcomeFrom, new ArrayList<>(outcome.values()));
    }

    /**
     * A replica that missed a view change learns its replay window: the REPLAY's threshold signature, 2f+1 matching
     * REPLAY-COMMITs and the outcome digest recomputed from the bindings prove the outcome. For the current or a later
     * view it installs the view (as if it had run the view change); for an earlier one it only orders the window.
     */
    public void onReplayCertificate(ReplayCertificate c, long orderedAru) {
        Replay r = c.replayMessage();
        // The REPLAY's threshold signature was checked at the edge with the rest of the certificate.
        if (r.leader() != ctx.config.leaderOf(r.view())) {
            ctx.reject(RejectReason.BAD_SIGNATURE);
            return;
        }
        boolean adoptsView = r.view() > ctx.view() || (r.view() == ctx.view() && !installed);
        boolean windowNeeded = r.startSeq() - 1 > orderedAru;
        if (!adoptsView && !windowNeeded) {
            ctx.reject(RejectReason.STALE);
            return;
        }
        if (windowNeeded && c.from() > orderedAru) {
            ctx.reject(RejectReason.OUT_OF_WINDOW); // first the sequence numbers before the window
            return;
        }
        TreeMap<Long, Frame> bindings = new TreeMap<>();
        for (Frame b : c.bindings()) {
            PrePrepare pp = (PrePrepare) b.message();
            if (pp.seq() <= c.from() || pp.seq() >= r.startSeq() || bindings.put(pp.seq(), b) != null
                    || pp.leader() != ctx.config.leaderOf(pp.view())) {
                ctx.reject(RejectReason.INVALID);
                return;
            }
        }
        Digest replayDigestOf = c.replay().contentDigest(ctx.hasher);
        Digest outcomeOf = outcomeDigest(r.view(), c.from(), r.startSeq(), bindings, ctx.hasher);
        long voters = 0;
        for (Frame f : c.commits()) {
            ReplayCommit rc = (ReplayCommit) f.message();
            if (rc.view() != r.view() || !rc.replayDigest().equals(replayDigestOf) || !rc.outcomeDigest().equals(outcomeOf)) {
                ctx.reject(RejectReason.INVALID);
                return;
            }
            voters |= 1L << rc.sender();
        }
        if (Long.bitCount(voters) < ctx.config.quorum()) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        if (adoptsView) {
            if (r.view() > ctx.view() || !active) {
                ctx.setView(r.view());
                host.enterView(r.view());
                suspect.newView(r.view());
                rb.newView(r.view());
                resetViewState();
            }
            installed = true;
            certificates.clear();
            host.installReplay(c.from(), r.startSeq(), bindings, c);
            ctx.event(ProtocolEvent.Type.VIEW_INSTALLED, "view " + r.view() + " installed by catch-up, leader "
                    + ctx.leader() + ", ordering resumes at " + r.startSeq());
        } else {
            host.installOlderReplay(c.from(), r.startSeq(), bindings, c);
        }
    }

    private boolean forCurrentView(long v) {
        if (v != ctx.view() || !active) {
            ctx.reject(v < ctx.view() ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ dispatch, buffering, retransmission

    /** Routes a verified view change message; buffers those of a view not preinstalled yet. Returns false if not ours. */
    public boolean onMessage(int from, Frame frame) {
        Message m = frame.message();
        long v = viewOf(m);
        if (v < 0) {
            return false;
        }
        if (v > ctx.view() || (v == ctx.view() && !active)) {
            if (v > ctx.view() + ctx.n || early.size() >= EARLY_LIMIT) {
                ctx.reject(RejectReason.OUT_OF_WINDOW);
            } else {
                early.add(frame);
            }
            return true;
        }
        if (m instanceof RbInit x) {
            rb.onInit(x);
        } else if (m instanceof RbEcho x) {
            rb.onEcho(x);
        } else if (m instanceof RbReady x) {
            rb.onReady(x);
        } else if (m instanceof VcList x) {
            onVcList(x);
        } else if (m instanceof VcPartialSig x) {
            onPartial(x);
        } else if (m instanceof VcProof x) {
            onProof(x);
        } else if (m instanceof Replay x) {
            onReplay(from < 0 ? x.leader() : from, frame, x);
        } else if (m instanceof ReplayPrepare x) {
            onReplayPrepare(x);
        } else if (m instanceof ReplayCommit x) {
            onReplayCommit(x, frame);
        }
        return true;
    }

    private static long viewOf(Message m) {
        return m instanceof io.prime.core.message.ViewChangeMessage v ? v.view() : -1;
    }

    /** Repairs lost messages while the view change is in progress. */
    public void periodic() {
        if (!inProgress() || ctx.now() < nextRetransmitNanos) {
            return;
        }
        nextRetransmitNanos = ctx.now() + ctx.config.retransmitPeriodMicros * 1_000;
        rb.retransmit();
        if (vcListSent) {
            ctx.outbox.broadcast(new VcList(ctx.view(), lowest(completeMask, ctx.config.quorum()), ctx.self));
        }
        for (Map.Entry<Long, Long> e : partialSent.entrySet()) {
            long ids = e.getKey();
            long start = e.getValue();
            byte[] partial = share.partialSign(VcProof.signedBytes(ctx.view(), ids, start));
            ctx.outbox.broadcast(new VcPartialSig(ctx.view(), ids, start, partial, ctx.self));
        }
        if (proofSent != null) {
            ctx.outbox.broadcast(proofSent);
        }
        if (replayFrame != null) {
            ctx.outbox.sendFrame(ctx.outbox.allOthers(), replayFrame);
        }
        if (sentReplayPrepare) {
            ctx.outbox.broadcast(new ReplayPrepare(ctx.view(), replayDigest, ctx.self));
        }
        if (sentReplayCommit) {
            ctx.outbox.broadcast(new ReplayCommit(ctx.view(), replayDigest, outcomeDigest, ctx.self));
        }
    }

    public long nextDeadlineNanos() {
        return inProgress() ? nextRetransmitNanos : Long.MAX_VALUE;
    }

    public boolean installed() {
        return installed;
    }
}
