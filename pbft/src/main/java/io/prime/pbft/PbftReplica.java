package io.prime.pbft;

import io.prime.core.RejectReason;
import io.prime.core.Rejections;
import io.prime.core.app.ExecutionContext;
import io.prime.core.app.StateMachine;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.execute.ClientTable;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Message;
import io.prime.core.message.Reply;
import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outbox;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import io.prime.pbft.message.Checkpoint;
import io.prime.pbft.message.CommitCertificate;
import io.prime.pbft.message.Fetch;
import io.prime.pbft.message.NewView;
import io.prime.pbft.message.PbftCatchupRequest;
import io.prime.pbft.message.PbftCommit;
import io.prime.pbft.message.PbftMessages;
import io.prime.pbft.message.PbftPrePrepare;
import io.prime.pbft.message.PbftPrepare;
import io.prime.pbft.message.Request;
import io.prime.pbft.message.ViewChange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One correct replica of the PBFT (Castro-Liskov BFT) baseline the paper attacks in §3 and measures in §7, on the same
 * {@link ReplicaCore} contract, client model, crypto and checkers as Prime. Honest protocol only: Byzantine behaviour
 * lives in wrappers ({@code io.prime.pbft.attack}). docs/pbft.md describes the design; in short:
 *
 * <ul>
 *   <li><b>Requests.</b> A client submits to its own server, which passes the signed update to every other server
 *       (REQUEST) — the BFT optimisation of §7, so the PRE-PREPARE carries digests only — and, if it is not the leader,
 *       has thereby forwarded it to the leader and appends it to its §3.1 {@link PendingQueue}. A client that times out
 *       sends to every server; each forwards the update to the leader and queues it.</li>
 *   <li><b>Normal case (§3).</b> The leader of view v (v mod N) sends PRE-PREPARE(v, n, digests) batching every pending
 *       update while fewer than W of its batches are unexecuted; a backup that holds every body sends PREPARE (fetching
 *       missing bodies first); PRE-PREPARE + 2f matching PREPAREs from distinct backups = prepared → COMMIT; prepared +
 *       2f+1 matching COMMITs = committed; execution in sequence order, exactly once (ClientTable), reply.</li>
 *   <li><b>Checkpoints.</b> Every K sequence numbers; stable with 2f+1 matching; the log below is discarded and the
 *       window (h, h+L] moves. Certificates of the last {@code retention} executed numbers are kept for catch-up.</li>
 *   <li><b>Suspicion (§3.1)</b> on the head of the queue only, with timeout T(v) = T0·2^v (§3.2: doubles at every view
 *       change, never shrinks). <b>View change</b> (§5.1) by 2f+1 VIEW-CHANGEs carrying the stable checkpoint and the
 *       prepared certificates; the new leader's NEW-VIEW carries them and the re-issued PRE-PREPAREs, which every
 *       replica recomputes before accepting. f+1 VIEW-CHANGEs for later views make a replica join.</li>
 * </ul>
 */
public final class PbftReplica implements ReplicaCore {
    /** A vote (PREPARE, COMMIT or CHECKPOINT); the frame of an own vote is filled in when its batch is signed. */
    private static final class Vote {
        final long view;
        final Digest digest;
        Frame frame;

        Vote(long view, Digest digest, Frame frame) {
            this.view = view;
            this.digest = digest;
            this.frame = frame;
        }
    }

    /** What this replica knows about one sequence number. */
    private final class Slot {
        final long seq;
        // the PRE-PREPARE accepted in the current view
        long ppView = -1;
        List<Digest> digests;
        Digest batch;
        Frame ppFrame;
        Frame futurePp;
        final Vote[] prepares = new Vote[n];
        final Vote[] commits = new Vote[n];
        boolean sentPrepare;
        boolean sentCommit;
        boolean prepared;
        // the prepared certificate of the latest view (kept across view changes for VIEW-CHANGE messages)
        long certView = -1;
        Frame certPp;
        List<Vote> certPrepares;
        // committed, in whatever view
        boolean committed;
        long committedView;
        List<Digest> committedDigests;
        List<Vote> commitVotes;
        long lastProgressNanos;
        long acceptedNanos;

        Slot(long seq) {
            this.seq = seq;
        }

        void resetForView() {
            ppView = -1;
            digests = null;
            batch = null;
            ppFrame = null;
            sentPrepare = false;
            sentCommit = false;
            prepared = false;
        }
    }

    /** An executed sequence number kept for peers that catch up. */
    private record Retained(long view, List<Vote> commits, List<ClientUpdate> updates, List<Digest> digests) {
    }

    /** The PRE-PREPAREs a NEW-VIEW must carry, computed from its VIEW-CHANGEs (Castro-Liskov's O). */
    private record Reissue(long minS, long maxS, List<List<Digest>> batches) {
    }

    private final PbftConfig config;
    private final int self;
    private final int n;
    private final int f;
    private final Signer signer;
    private final Hasher hasher;
    private final StateMachine application;
    private final ClientTable clients;
    private final Outbox outbox;
    private final Rejections rejections = new Rejections();
    private final List<ProtocolEvent> events = new ArrayList<>();
    private final List<Executed> executed = new ArrayList<>();
    private long now;

    // ------------------------------------------------------------------ view
    private long view;
    private boolean active = true;
    private long vcTarget;
    private long vcStartedNanos;
    private boolean vcPending;
    private Frame myViewChange;
    private Frame newViewFrame;
    private final Frame[] latestVc;
    private final long[] lastNewViewSent;
    private long viewChangesStarted;
    private long lastViewChangeSent;

    // ------------------------------------------------------------------ ordering and execution
    private final TreeMap<Long, Slot> log = new TreeMap<>();
    private long lastExecuted;
    private long executionIndex;
    private long lastAssigned;
    private long stableSeq;
    private List<Vote> stableProof = List.of();
    private long windowBase;
    private long highestSeqSeen;
    private long skippedDuplicates;

    // ------------------------------------------------------------------ requests
    private final LinkedHashMap<Digest, ClientUpdate> bodies = new LinkedHashMap<>();
    private final LinkedHashMap<Digest, ClientUpdate> unassigned = new LinkedHashMap<>();
    private final Set<Digest> inFlight = new HashSet<>();
    private final Set<Digest> relayed = new HashSet<>();
    private final PendingQueue queue = new PendingQueue();
    /** Updates to pass on at the end of the step, in the order they joined the queue, each to all or to the leader. */
    private final List<ClientUpdate> toPass = new ArrayList<>();
    private final List<Boolean> toAll = new ArrayList<>();
    private final Map<Digest, ClientUpdate> executedBodies = new HashMap<>();
    private final TreeMap<Long, Retained> retained = new TreeMap<>();
    private final Map<Digest, Long> fetchedAt = new HashMap<>();

    // ------------------------------------------------------------------ checkpoints
    private final TreeMap<Long, Vote[]> checkpointVotes = new TreeMap<>();
    private final TreeMap<Long, Digest> ownCheckpoints = new TreeMap<>();

    // ------------------------------------------------------------------ timers
    private long nextRetransmitNanos;
    private long executedAtLastCheck = -1;
    private final long[] lastCatchupAnswer;

    public PbftReplica(PbftConfig config, int id, Signer signer, Hasher hasher, StateMachine application) {
        if (id < 0 || id >= config.replicas) {
            throw new IllegalArgumentException("replica id " + id + " outside 0.." + (config.replicas - 1));
        }
        this.config = config;
        this.self = id;
        this.n = config.replicas;
        this.f = config.faults;
        this.signer = signer;
        this.hasher = hasher;
        this.application = application;
        this.clients = new ClientTable(config.clientWindow);
        this.outbox = new Outbox(id, n);
        this.latestVc = new Frame[n];
        this.lastNewViewSent = new long[n];
        this.lastCatchupAnswer = new long[n];
        Arrays.fill(lastNewViewSent, Long.MIN_VALUE / 2);
        Arrays.fill(lastCatchupAnswer, Long.MIN_VALUE / 2);
        this.nextRetransmitNanos = config.retransmitPeriodMicros * 1_000;
    }

    // ================================================================== the host contract

    @Override
    public int id() {
        return self;
    }

    @Override
    public Outputs step(List<Input> inputs, long nowNanos) {
        now = nowNanos;
        for (Input input : inputs) {
            if (input instanceof Input.FromReplica r) {
                onReplicaMessage(r.fromReplica(), r.frame());
            } else if (input instanceof Input.FromClient c) {
                onClientUpdate(c.update());
            }
        }
        retryWaitingSlots();
        execute();
        checkTimers();
        maybePropose();
        if (now >= nextRetransmitNanos) {
            nextRetransmitNanos = now + config.retransmitPeriodMicros * 1_000;
            retransmit();
        }
        flushRequests();
        List<Outbound> messages = new ArrayList<>(seal());
        // A VIEW-CHANGE carries this replica's own signed votes and a NEW-VIEW its own VIEW-CHANGE, so they are built
        // once the batch holding those is signed.
        for (int round = 0; round < 4 && (vcPending || canBuildNewView()); round++) {
            if (vcPending) {
                buildViewChange();
            } else {
                buildNewView();
                maybePropose();
                flushRequests();
            }
            messages.addAll(seal());
        }
        List<Executed> done = List.copyOf(executed);
        executed.clear();
        List<ProtocolEvent> happened = List.copyOf(events);
        events.clear();
        return new Outputs(messages, done, happened, Math.max(nextWakeupNanos(), nowNanos + 1));
    }

    @Override
    public Rejections rejections() {
        return rejections;
    }

    @Override
    public ReplicaStatus status() {
        return new ReplicaStatus(view, config.leaderOf(view), lastExecuted, lastExecuted, executionIndex, List.of());
    }

    // ================================================================== read-only views (tests, attack wrappers)

    public PbftConfig config() {
        return config;
    }

    /** The last installed view. */
    public long view() {
        return view;
    }

    /** True in normal operation; false while changing view. */
    public boolean active() {
        return active;
    }

    public boolean isLeader() {
        return config.leaderOf(view) == self;
    }

    /** The suspicion timeout in force: T(view), or T(target) while changing view. */
    public long timeoutNanos() {
        return config.timeoutNanos(active ? view : vcTarget);
    }

    /** View changes this replica started (votes it cast for a new view). */
    public long viewChangesStarted() {
        return viewChangesStarted;
    }

    public boolean alreadyExecuted(UpdateId id) {
        return clients.alreadyExecuted(id);
    }

    public long lastExecuted() {
        return lastExecuted;
    }

    public long stableCheckpoint() {
        return stableSeq;
    }

    public int pendingQueueSize() {
        return queue.size();
    }

    /** Sizes of the bounded structures (log slots, held bodies, retained certificates), for memory-bound tests. */
    public int[] heldSizes() {
        return new int[] {log.size(), bodies.size(), retained.size(), checkpointVotes.size(), executedBodies.size()};
    }

    public long skippedDuplicates() {
        return skippedDuplicates;
    }

    /** Internal state for debugging and failure traces. */
    public String describe() {
        StringBuilder sb = new StringBuilder(toString()).append("\n  held:");
        for (Map.Entry<Digest, ClientUpdate> e : bodies.entrySet()) {
            sb.append(' ').append(e.getValue().id()).append(queue.contains(e.getKey()) ? "(q)" : "")
                    .append(inFlight.contains(e.getKey()) ? "(f)" : "").append(unassigned.containsKey(e.getKey()) ? "(u)" : "");
        }
        sb.append("\n  slots:");
        for (Slot s : log.tailMap(lastExecuted, false).values()) {
            sb.append(" #").append(s.seq).append(" v").append(s.ppView).append(s.prepared ? "P" : "").append(s.committed ? "C" : "");
            if (s.batch != null) {
                sb.append('(').append(matching(s.prepares, view, s.batch, -1).size()).append('/')
                        .append(matching(s.commits, view, s.batch, -1).size()).append(')');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "pbft replica " + self + " view " + view + (active ? "" : " (changing to " + vcTarget + ")") + " executed "
                + lastExecuted + " stable " + stableSeq + " queue " + queue.size() + " bodies " + bodies.size();
    }

    // ================================================================== client updates and requests

    private void onClientUpdate(ClientUpdate update) {
        UpdateId id = update.id();
        if (clients.alreadyExecuted(id)) {
            ClientTable.StoredReply reply = clients.reply(id);
            if (reply == null) {
                rejections.count(RejectReason.STALE);
            } else {
                outbox.toClient(id.clientId(), new Reply(self, id.clientId(), id.requestNumber(), reply.globalSeq(), reply.result()));
            }
            return;
        }
        Digest d = PbftMessages.updateDigest(update, hasher);
        boolean held = bodies.containsKey(d);
        if (!held && !store(d, update)) {
            return;
        }
        if (relayed.add(d)) {
            // First time from a client: disseminate the body (the §7 optimisation); if some server already did, only
            // forward it to the leader (§3.1).
            if (!held || !isLeader()) {
                toPass.add(update);
                toAll.add(!held);
            }
        }
        if (!isLeader() || !active) {
            queue.add(d, now);
        }
    }

    private void onRequest(Request request) {
        for (ClientUpdate u : request.updates()) {
            if (clients.alreadyExecuted(u.id())) {
                continue;
            }
            Digest d = PbftMessages.updateDigest(u, hasher);
            if (!bodies.containsKey(d)) {
                store(d, u);
            }
        }
    }

    /** Holds a body; the leader also makes it pending. False if the bound on held bodies refuses it. */
    private boolean store(Digest d, ClientUpdate u) {
        if (bodies.size() >= config.maxPendingUpdates) {
            rejections.count(RejectReason.OUT_OF_WINDOW);
            return false;
        }
        bodies.put(d, u);
        fetchedAt.remove(d);
        if (active && isLeader() && !inFlight.contains(d)) {
            unassigned.put(d, u);
        }
        return true;
    }

    private void onFetch(Fetch fetch) {
        List<ClientUpdate> found = new ArrayList<>();
        for (Digest d : fetch.digests()) {
            ClientUpdate u = bodies.get(d);
            if (u == null) {
                u = executedBodies.get(d);
            }
            if (u != null) {
                found.add(u);
            }
        }
        sendRequests(1L << fetch.sender(), found);
    }

    /**
     * Asks for bodies still missing a retransmission period after the PRE-PREPARE that names them: first from the
     * leader (a correct one holds what it proposed), then, if that did not help, from everyone.
     */
    private void requestBodies(List<Digest> missing) {
        List<Digest> askLeader = new ArrayList<>();
        List<Digest> askAll = new ArrayList<>();
        long retryAfter = config.retransmitPeriodMicros * 1_000;
        for (Digest d : missing) {
            Long at = fetchedAt.get(d);
            if (at == null) {
                askLeader.add(d);
                fetchedAt.put(d, now);
            } else if (now - at >= retryAfter) {
                askAll.add(d);
                fetchedAt.put(d, now);
            }
        }
        long leader = isLeader() ? 0 : 1L << config.leaderOf(view);
        for (int from = 0; from < askLeader.size(); from += 1024) {
            outbox.send(leader != 0 ? leader : outbox.allOthers(),
                    new Fetch(self, askLeader.subList(from, Math.min(askLeader.size(), from + 1024))));
        }
        for (int from = 0; from < askAll.size(); from += 1024) {
            outbox.broadcast(new Fetch(self, askAll.subList(from, Math.min(askAll.size(), from + 1024))));
        }
    }

    /**
     * Sends what this step's clients submitted: bodies nobody has yet to every server, the others to the leader only.
     * Runs keep the order in which the updates joined the queue, so the leader sees each server's queue in its order.
     */
    private void flushRequests() {
        int from = 0;
        long leaderMask = isLeader() ? 0 : 1L << config.leaderOf(view);
        while (from < toPass.size()) {
            boolean all = toAll.get(from);
            int to = from;
            while (to < toPass.size() && toAll.get(to) == all) {
                to++;
            }
            long mask = all ? outbox.allOthers() : leaderMask;
            if (mask != 0) {
                sendRequests(mask, toPass.subList(from, to));
            }
            from = to;
        }
        toPass.clear();
        toAll.clear();
    }

    /** Sends updates in REQUESTs of at most 1024 updates and about 1 MiB each. */
    private void sendRequests(long mask, List<ClientUpdate> updates) {
        List<ClientUpdate> chunk = new ArrayList<>();
        int bytes = 0;
        for (ClientUpdate u : updates) {
            if (!chunk.isEmpty() && (chunk.size() == 1024 || bytes + u.sizeHint() > (1 << 20))) {
                outbox.send(mask, new Request(self, chunk));
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(u);
            bytes += u.sizeHint();
        }
        if (!chunk.isEmpty()) {
            outbox.send(mask, new Request(self, chunk));
        }
    }

    private boolean holds(Digest d) {
        return bodies.containsKey(d) || executedBodies.containsKey(d);
    }

    private List<Digest> missingBodies(List<Digest> digests) {
        List<Digest> missing = new ArrayList<>();
        for (Digest d : digests) {
            if (!holds(d)) {
                missing.add(d);
            }
        }
        return missing;
    }

    // ================================================================== dispatch

    private void onReplicaMessage(int from, Frame frame) {
        Message m = frame.message();
        if (m instanceof Request r) {
            onRequest(r);
        } else if (m instanceof PbftPrePrepare pp) {
            onPrePrepare(from, frame, pp);
        } else if (m instanceof PbftPrepare p) {
            onPrepare(frame, p);
        } else if (m instanceof PbftCommit c) {
            onCommit(frame, c);
        } else if (m instanceof Checkpoint c) {
            onCheckpoint(frame, c);
        } else if (m instanceof ViewChange vc) {
            onViewChange(frame, vc);
        } else if (m instanceof NewView nv) {
            onNewView(frame, nv);
        } else if (m instanceof Fetch fe) {
            onFetch(fe);
        } else if (m instanceof PbftCatchupRequest r) {
            onCatchupRequest(r);
        } else if (m instanceof CommitCertificate c) {
            onCommitCertificate(c);
        } else {
            rejections.count(RejectReason.UNEXPECTED);
        }
    }

    // ================================================================== normal case

    private boolean inWindow(long seq) {
        return seq > stableSeq && seq <= windowBase + config.logWindow;
    }

    private Slot slot(long seq) {
        return log.computeIfAbsent(seq, Slot::new);
    }

    private void noteSeq(long seq) {
        if (seq > highestSeqSeen && seq <= lastExecuted + 4L * config.logWindow) {
            highestSeqSeen = seq;
        }
    }

    private void onPrePrepare(int from, Frame frame, PbftPrePrepare pp) {
        if (pp.leader() != config.leaderOf(pp.view())) {
            rejections.count(RejectReason.WRONG_SENDER);
            return;
        }
        noteSeq(pp.seq());
        if (pp.view() < view) {
            rejections.count(RejectReason.STALE);
            maybeSendNewView(from);
            return;
        }
        if (!inWindow(pp.seq())) {
            rejections.count(pp.seq() <= stableSeq ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return;
        }
        Slot s = slot(pp.seq());
        if (pp.view() > view || !active) {
            if (s.futurePp == null || ((PbftPrePrepare) s.futurePp.message()).view() < pp.view()) {
                s.futurePp = frame; // applied if that view is installed
            }
            return;
        }
        if (pp.leader() == self) {
            rejections.count(RejectReason.DUPLICATE); // our own, flooded back
            return;
        }
        if (s.ppView == view) {
            rejections.count(s.ppFrame != null && s.ppFrame.equals(frame) ? RejectReason.DUPLICATE : RejectReason.INCONSISTENT);
            return;
        }
        accept(s, pp.digests(), frame);
    }

    private void accept(Slot s, List<Digest> digests, Frame ppFrame) {
        s.ppView = view;
        s.digests = digests;
        s.batch = PbftMessages.batchDigest(digests, hasher);
        s.ppFrame = ppFrame;
        s.lastProgressNanos = now;
        s.acceptedNanos = now;
        if (s.seq > lastExecuted) {
            inFlight.addAll(digests);
        }
        tryPrepare(s);
        checkPrepared(s);
    }

    /** A backup sends its PREPARE once it holds every body the PRE-PREPARE names (fetching the missing ones). */
    private void tryPrepare(Slot s) {
        if (!active || s.ppView != view || s.sentPrepare || isLeader()) {
            return;
        }
        if (s.seq > lastExecuted) {
            if (!missingBodies(s.digests).isEmpty()) {
                return; // the bodies are usually on their way from the servers that relay them; retransmit() fetches
            }
        }
        s.sentPrepare = true;
        outbox.broadcast(new PbftPrepare(view, s.seq, self, s.batch));
        s.prepares[self] = new Vote(view, s.batch, null);
    }

    private void onPrepare(Frame frame, PbftPrepare p) {
        if (p.sender() == config.leaderOf(p.view())) {
            rejections.count(RejectReason.WRONG_SENDER);
            return;
        }
        noteSeq(p.seq());
        if (p.view() < view) {
            rejections.count(RejectReason.STALE);
            maybeSendNewView(p.sender());
            return;
        }
        if (!inWindow(p.seq())) {
            rejections.count(p.seq() <= stableSeq ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return;
        }
        Slot s = slot(p.seq());
        if (!record(s.prepares, p.sender(), p.view(), p.batch(), frame)) {
            return;
        }
        checkPrepared(s);
    }

    private void onCommit(Frame frame, PbftCommit c) {
        noteSeq(c.seq());
        if (c.view() < view) {
            rejections.count(RejectReason.STALE);
            maybeSendNewView(c.sender());
            return;
        }
        if (!inWindow(c.seq())) {
            rejections.count(c.seq() <= stableSeq ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return;
        }
        Slot s = slot(c.seq());
        if (!record(s.commits, c.sender(), c.view(), c.batch(), frame)) {
            return;
        }
        checkCommitted(s);
    }

    /** Keeps one vote per sender: the one of its latest view. False if nothing new. */
    private boolean record(Vote[] votes, int sender, long voteView, Digest digest, Frame frame) {
        Vote old = votes[sender];
        if (old != null && old.view >= voteView) {
            rejections.count(old.view == voteView && old.digest.equals(digest) ? RejectReason.DUPLICATE : RejectReason.INCONSISTENT);
            return false;
        }
        votes[sender] = new Vote(voteView, digest, frame);
        return true;
    }

    private List<Vote> matching(Vote[] votes, long voteView, Digest digest, int excluded) {
        List<Vote> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Vote v = votes[r];
            if (r != excluded && v != null && v.view == voteView && v.digest.equals(digest)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Prepared: the PRE-PREPARE and 2f matching PREPAREs from distinct backups. Then COMMIT. */
    private void checkPrepared(Slot s) {
        if (!active || s.ppView != view || s.prepared || (!isLeader() && !s.sentPrepare)) {
            return;
        }
        List<Vote> votes = matching(s.prepares, view, s.batch, config.leaderOf(view));
        if (votes.size() < 2 * f) {
            return;
        }
        s.prepared = true;
        s.lastProgressNanos = now;
        s.certView = view;
        s.certPp = s.ppFrame;
        s.certPrepares = List.copyOf(votes.subList(0, 2 * f));
        if (!s.sentCommit) {
            s.sentCommit = true;
            outbox.broadcast(new PbftCommit(view, s.seq, self, s.batch));
            s.commits[self] = new Vote(view, s.batch, null);
        }
        checkCommitted(s);
    }

    /** Committed: prepared and 2f+1 matching COMMITs. */
    private void checkCommitted(Slot s) {
        if (s.committed || !s.prepared || s.ppView != view) {
            return;
        }
        List<Vote> votes = matching(s.commits, view, s.batch, -1);
        if (votes.size() < 2 * f + 1) {
            return;
        }
        commit(s, view, s.digests, List.copyOf(votes.subList(0, 2 * f + 1)));
    }

    private void commit(Slot s, long commitView, List<Digest> digests, List<Vote> votes) {
        s.committed = true;
        s.committedView = commitView;
        s.committedDigests = digests;
        s.commitVotes = votes;
        s.lastProgressNanos = now;
        if (s.seq > lastExecuted) {
            inFlight.addAll(digests);
        }
    }

    /** Slots waiting for bodies that may have arrived in this step. */
    private void retryWaitingSlots() {
        if (!active || isLeader()) {
            return;
        }
        for (Slot s : log.tailMap(lastExecuted, false).values()) {
            if (s.ppView == view && !s.sentPrepare) {
                tryPrepare(s);
                checkPrepared(s);
            }
        }
    }

    // ================================================================== the leader

    private void maybePropose() {
        if (!active || !isLeader()) {
            return;
        }
        lastAssigned = Math.max(lastAssigned, lastExecuted);
        while (!unassigned.isEmpty() && lastAssigned - lastExecuted < config.maxOutstandingBatches
                && lastAssigned + 1 <= windowBase + config.logWindow) {
            List<Digest> digests = new ArrayList<>();
            Iterator<Map.Entry<Digest, ClientUpdate>> it = unassigned.entrySet().iterator();
            while (it.hasNext() && digests.size() < config.maxBatchUpdates) {
                Digest d = it.next().getKey();
                it.remove();
                if (!inFlight.contains(d) && bodies.containsKey(d)) {
                    digests.add(d);
                }
            }
            if (digests.isEmpty()) {
                return;
            }
            long seq = ++lastAssigned;
            outbox.broadcast(new PbftPrePrepare(view, seq, self, digests));
            accept(slot(seq), List.copyOf(digests), null); // the frame is filled in once signed
        }
    }

    // ================================================================== execution and checkpoints

    private void execute() {
        while (true) {
            Slot s = log.get(lastExecuted + 1);
            if (s == null || !s.committed) {
                return;
            }
            if (!missingBodies(s.committedDigests).isEmpty()) {
                return; // retransmit() fetches them
            }
            long seq = s.seq;
            int leader = config.leaderOf(s.committedView);
            List<ClientUpdate> updates = new ArrayList<>(s.committedDigests.size());
            int index = 0;
            for (Digest d : s.committedDigests) {
                ClientUpdate u = bodies.containsKey(d) ? bodies.get(d) : executedBodies.get(d);
                updates.add(u);
                UpdateId id = u.id();
                if (clients.alreadyExecuted(id)) {
                    skippedDuplicates++;
                } else {
                    executionIndex++;
                    ExecutionContext context = new ExecutionContext(executionIndex, seq, leader, index, id.clientId(),
                            id.requestNumber());
                    byte[] result = application.execute(context, u.payload());
                    clients.record(id, seq, result);
                    outbox.toClient(id.clientId(), new Reply(self, id.clientId(), id.requestNumber(), seq, result));
                    executed.add(new Executed(executionIndex, seq, leader, index, u));
                }
                queue.executed(d, now);
                bodies.remove(d);
                unassigned.remove(d);
                relayed.remove(d);
                inFlight.remove(d);
                fetchedAt.remove(d);
                executedBodies.put(d, u);
                index++;
            }
            lastExecuted = seq;
            retained.put(seq, new Retained(s.committedView, s.commitVotes, List.copyOf(updates), s.committedDigests));
            while (retained.size() > config.retention) {
                Retained old = retained.pollFirstEntry().getValue();
                for (int i = 0; i < old.digests().size(); i++) {
                    executedBodies.remove(old.digests().get(i), old.updates().get(i));
                }
            }
            if (seq % config.checkpointInterval == 0) {
                takeCheckpoint(seq);
            }
        }
    }

    private void takeCheckpoint(long seq) {
        byte[] snapshot = application.snapshot();
        WireWriter w = new WireWriter(16 + snapshot.length);
        w.i64(seq).i64(executionIndex).bytes(snapshot);
        byte[] bytes = w.toByteArray();
        Digest state = hasher.digest(PbftMessages.STATE_DIGEST, bytes, 0, bytes.length);
        ownCheckpoints.put(seq, state);
        outbox.broadcast(new Checkpoint(seq, self, state));
        checkpointVotes.computeIfAbsent(seq, k -> new Vote[n])[self] = new Vote(0, state, null);
        checkStable(seq);
    }

    private void onCheckpoint(Frame frame, Checkpoint c) {
        noteSeq(c.seq());
        if (c.seq() <= stableSeq) {
            rejections.count(RejectReason.STALE);
            return;
        }
        if (c.seq() % config.checkpointInterval != 0) {
            rejections.count(RejectReason.INVALID);
            return;
        }
        if (c.seq() > Math.max(windowBase, lastExecuted) + 2L * config.logWindow) {
            rejections.count(RejectReason.OUT_OF_WINDOW);
            return;
        }
        Vote[] votes = checkpointVotes.computeIfAbsent(c.seq(), k -> new Vote[n]);
        if (votes[c.sender()] != null) {
            rejections.count(votes[c.sender()].digest.equals(c.state()) ? RejectReason.DUPLICATE : RejectReason.INCONSISTENT);
            return;
        }
        votes[c.sender()] = new Vote(0, c.state(), frame);
        checkStable(c.seq());
    }

    /** Stable: 2f+1 CHECKPOINTs (ours among them) with our state digest. Discards the log up to it. */
    private void checkStable(long seq) {
        Digest own = ownCheckpoints.get(seq);
        Vote[] votes = checkpointVotes.get(seq);
        if (own == null || votes == null || seq <= stableSeq) {
            return;
        }
        List<Vote> proof = matching(votes, 0, own, -1);
        if (proof.size() < 2 * f + 1) {
            return;
        }
        stableSeq = seq;
        stableProof = List.copyOf(proof.subList(0, 2 * f + 1));
        windowBase = Math.max(windowBase, seq);
        log.headMap(seq, true).clear();
        checkpointVotes.headMap(seq, false).clear();
        ownCheckpoints.headMap(seq, false).clear();
    }

    // ================================================================== suspicion and view change

    private void checkTimers() {
        if (active) {
            if (!isLeader() && now >= queue.deadlineNanos(config.timeoutNanos(view))) {
                events.add(new ProtocolEvent(now, self, ProtocolEvent.Type.LEADER_SUSPECTED, "leader " + config.leaderOf(view)
                        + " of view " + view + " did not execute the first queued update within "
                        + config.timeoutNanos(view) / 1_000_000 + " ms (" + headDescription() + ")"));
                startViewChange(view + 1);
            }
        } else if (now - vcStartedNanos >= config.timeoutNanos(vcTarget)) {
            startViewChange(vcTarget + 1);
        }
    }

    private String headDescription() {
        ClientUpdate head = bodies.get(queue.head());
        return (head == null ? "?" : head.id().toString()) + " queued since " + queue.headSinceNanos() / 1_000_000 + " ms, "
                + queue.size() + " queued";
    }

    private void startViewChange(long target) {
        active = false;
        vcTarget = target;
        vcStartedNanos = now;
        vcPending = true;
        viewChangesStarted++;
        unassigned.clear();
        events.add(new ProtocolEvent(now, self, ProtocolEvent.Type.VIEW_CHANGE_STARTED, "votes for view " + target
                + " (leader " + config.leaderOf(target) + "), timeout now " + config.timeoutNanos(target) / 1_000_000 + " ms"));
    }

    private void buildViewChange() {
        vcPending = false;
        lastViewChangeSent = now;
        List<Frame> proof = new ArrayList<>();
        if (stableSeq > 0) {
            for (Vote v : stableProof) {
                proof.add(v.frame);
            }
        }
        List<ViewChange.Prepared> prepared = new ArrayList<>();
        for (Slot s : log.tailMap(stableSeq, false).values()) {
            if (s.certView >= 0 && s.certPp != null && s.seq <= stableSeq + config.logWindow) {
                List<Frame> prepares = new ArrayList<>();
                for (Vote v : s.certPrepares) {
                    prepares.add(v.frame);
                }
                prepared.add(new ViewChange.Prepared(s.certPp, prepares));
            }
        }
        myViewChange = null;
        outbox.broadcast(new ViewChange(vcTarget, self, stableSeq, proof, prepared));
    }

    private void onViewChange(Frame frame, ViewChange vc) {
        int sender = vc.sender();
        if (vc.newView() <= view) {
            rejections.count(RejectReason.STALE);
            maybeSendNewView(sender);
            return;
        }
        Frame old = latestVc[sender];
        if (old != null && ((ViewChange) old.message()).newView() >= vc.newView()) {
            rejections.count(RejectReason.DUPLICATE);
            return;
        }
        if (!validViewChange(vc)) {
            rejections.count(RejectReason.INVALID);
            return;
        }
        latestVc[sender] = frame;
        // f+1 replicas want a later view than ours: join the smallest of them (Castro-Liskov's liveness rule).
        long mine = active ? view : vcTarget;
        int later = 0;
        long smallest = Long.MAX_VALUE;
        for (int r = 0; r < n; r++) {
            if (r != self && latestVc[r] != null) {
                long v = ((ViewChange) latestVc[r].message()).newView();
                if (v > mine) {
                    later++;
                    smallest = Math.min(smallest, v);
                }
            }
        }
        if (later >= f + 1) {
            startViewChange(smallest);
        }
    }

    private boolean validViewChange(ViewChange vc) {
        long stable = vc.stableSeq();
        if (stable % config.checkpointInterval != 0) {
            return false;
        }
        if (stable == 0) {
            if (!vc.checkpointProof().isEmpty()) {
                return false;
            }
        } else {
            boolean[] seen = new boolean[n];
            Digest state = null;
            int count = 0;
            for (Frame fr : vc.checkpointProof()) {
                Checkpoint c = (Checkpoint) fr.message();
                if (c.seq() != stable || seen[c.sender()] || (state != null && !state.equals(c.state()))) {
                    return false;
                }
                seen[c.sender()] = true;
                state = c.state();
                count++;
            }
            if (count < 2 * f + 1) {
                return false;
            }
        }
        Set<Long> seqs = new HashSet<>();
        for (ViewChange.Prepared p : vc.prepared()) {
            PbftPrePrepare pp = p.prePrepareMessage();
            if (pp.leader() != config.leaderOf(pp.view()) || pp.view() >= vc.newView() || pp.seq() <= stable
                    || pp.seq() > stable + config.logWindow || !seqs.add(pp.seq())) {
                return false;
            }
            Digest batch = PbftMessages.batchDigest(pp.digests(), hasher);
            boolean[] seen = new boolean[n];
            int count = 0;
            for (Frame fr : p.prepares()) {
                PbftPrepare pr = (PbftPrepare) fr.message();
                if (pr.view() != pp.view() || pr.seq() != pp.seq() || !pr.batch().equals(batch) || seen[pr.sender()]
                        || pr.sender() == pp.leader()) {
                    return false;
                }
                seen[pr.sender()] = true;
                count++;
            }
            if (count < 2 * f) {
                return false;
            }
        }
        return true;
    }

    /** Castro-Liskov's O: from min-s (the latest stable checkpoint) to max-s, the batch of the latest prepared view. */
    private Reissue reissue(List<ViewChange> vcs) {
        long minS = 0;
        for (ViewChange vc : vcs) {
            minS = Math.max(minS, vc.stableSeq());
        }
        TreeMap<Long, PbftPrePrepare> best = new TreeMap<>();
        for (ViewChange vc : vcs) {
            for (ViewChange.Prepared p : vc.prepared()) {
                PbftPrePrepare pp = p.prePrepareMessage();
                if (pp.seq() > minS) {
                    PbftPrePrepare b = best.get(pp.seq());
                    if (b == null || b.view() < pp.view()) {
                        best.put(pp.seq(), pp);
                    }
                }
            }
        }
        long maxS = best.isEmpty() ? minS : Math.max(minS, best.lastKey());
        List<List<Digest>> batches = new ArrayList<>();
        for (long s = minS + 1; s <= maxS; s++) {
            PbftPrePrepare b = best.get(s);
            batches.add(b == null ? List.of() : b.digests());
        }
        return new Reissue(minS, maxS, batches);
    }

    private List<Frame> viewChangesFor(long target) {
        List<Frame> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Frame fr = latestVc[r];
            if (fr != null && ((ViewChange) fr.message()).newView() == target) {
                out.add(fr);
            }
        }
        return out;
    }

    private boolean canBuildNewView() {
        return !active && !vcPending && config.leaderOf(vcTarget) == self && latestVc[self] != null
                && ((ViewChange) latestVc[self].message()).newView() == vcTarget
                && viewChangesFor(vcTarget).size() >= 2 * f + 1;
    }

    private void buildNewView() {
        List<Frame> vcFrames = viewChangesFor(vcTarget).subList(0, 2 * f + 1);
        List<ViewChange> vcs = new ArrayList<>();
        for (Frame fr : vcFrames) {
            vcs.add((ViewChange) fr.message());
        }
        Reissue o = reissue(vcs);
        List<PbftPrePrepare> pps = new ArrayList<>();
        for (int i = 0; i < o.batches().size(); i++) {
            pps.add(new PbftPrePrepare(vcTarget, o.minS() + 1 + i, self, o.batches().get(i)));
        }
        List<Frame> ppFrames = pps.isEmpty() ? List.of() : FrameCodec.signBatch(pps, signer, hasher);
        outbox.broadcast(new NewView(vcTarget, self, vcFrames, ppFrames));
        install(vcTarget, null, o, ppFrames);
    }

    private void onNewView(Frame frame, NewView nv) {
        if (nv.leader() != config.leaderOf(nv.view())) {
            rejections.count(RejectReason.WRONG_SENDER);
            return;
        }
        if (nv.view() <= view) {
            rejections.count(nv.view() == view ? RejectReason.DUPLICATE : RejectReason.STALE);
            return;
        }
        boolean[] seen = new boolean[n];
        List<ViewChange> vcs = new ArrayList<>();
        for (Frame fr : nv.viewChanges()) {
            ViewChange vc = (ViewChange) fr.message();
            if (vc.newView() != nv.view() || seen[vc.sender()] || !validViewChange(vc)) {
                rejections.count(RejectReason.INVALID);
                return;
            }
            seen[vc.sender()] = true;
            vcs.add(vc);
        }
        if (vcs.size() < 2 * f + 1) {
            rejections.count(RejectReason.INVALID);
            return;
        }
        Reissue o = reissue(vcs);
        if (nv.prePrepares().size() != o.batches().size()) {
            rejections.count(RejectReason.INVALID);
            return;
        }
        for (int i = 0; i < o.batches().size(); i++) {
            PbftPrePrepare pp = (PbftPrePrepare) nv.prePrepares().get(i).message();
            if (pp.view() != nv.view() || pp.leader() != nv.leader() || pp.seq() != o.minS() + 1 + i
                    || !pp.digests().equals(o.batches().get(i))) {
                rejections.count(RejectReason.INVALID);
                return;
            }
        }
        install(nv.view(), frame, o, nv.prePrepares());
    }

    private void install(long newView, Frame nvFrame, Reissue o, List<Frame> ppFrames) {
        view = newView;
        active = true;
        vcPending = false;
        newViewFrame = nvFrame;
        windowBase = Math.max(windowBase, o.minS());
        if (o.maxS() > highestSeqSeen) {
            highestSeqSeen = o.maxS();
        }
        for (Slot s : log.values()) {
            s.resetForView();
        }
        inFlight.clear();
        for (Slot s : log.tailMap(lastExecuted, false).values()) {
            if (s.committed) {
                inFlight.addAll(s.committedDigests);
            }
        }
        for (int i = 0; i < o.batches().size(); i++) {
            Slot s = slot(o.minS() + 1 + i);
            s.ppView = view;
            s.digests = o.batches().get(i);
            s.batch = PbftMessages.batchDigest(s.digests, hasher);
            s.ppFrame = ppFrames.get(i);
            s.lastProgressNanos = now;
            s.acceptedNanos = now;
            if (s.seq > lastExecuted) {
                inFlight.addAll(s.digests);
            }
        }
        unassigned.clear();
        if (isLeader()) {
            lastAssigned = Math.max(Math.max(o.maxS(), o.minS()), lastExecuted);
            for (Map.Entry<Digest, ClientUpdate> e : bodies.entrySet()) {
                if (!inFlight.contains(e.getKey())) {
                    unassigned.put(e.getKey(), e.getValue());
                }
            }
        }
        for (Slot s : log.values()) {
            tryPrepare(s);
            checkPrepared(s);
        }
        // PRE-PREPAREs of this view that arrived early
        for (Slot s : new ArrayList<>(log.values())) {
            Frame early = s.futurePp;
            if (early != null && ((PbftPrePrepare) early.message()).view() <= view) {
                s.futurePp = null;
                if (((PbftPrePrepare) early.message()).view() == view && s.ppView != view) {
                    onPrePrepare(config.leaderOf(view), early, (PbftPrePrepare) early.message());
                }
            }
        }
        if (!isLeader()) {
            // updates our own clients submitted while we led (or while no view was installed) are pending too: they
            // join the queue and go to the new leader with the rest
            for (Digest d : bodies.keySet()) {
                if (relayed.contains(d) && !inFlight.contains(d)) {
                    queue.add(d, now);
                }
            }
        }
        queue.restartTimer(now);
        if (!isLeader() && !queue.isEmpty()) {
            // the new leader may not have what we forwarded to the old one
            List<ClientUpdate> pending = new ArrayList<>();
            for (Digest d : queue.oldest(1024, Long.MAX_VALUE)) {
                ClientUpdate u = bodies.get(d);
                if (u != null) {
                    pending.add(u);
                }
            }
            sendRequests(1L << config.leaderOf(view), pending);
        }
        events.add(new ProtocolEvent(now, self, ProtocolEvent.Type.VIEW_INSTALLED, "view " + view + ", leader "
                + config.leaderOf(view) + ", re-issued " + o.batches().size() + " sequence numbers, timeout "
                + config.timeoutNanos(view) / 1_000_000 + " ms"));
        execute();
    }

    /**
     * A peer showed it is in an older view: send it our NEW-VIEW (which installs our view there). A NEW-VIEW carries
     * 2f+1 VIEW-CHANGEs with their certificates and can be large, so a peer gets it at most once per timeout T(view).
     */
    private void maybeSendNewView(int peer) {
        if (newViewFrame == null || peer == self || now - lastNewViewSent[peer] < config.timeoutNanos(view)) {
            return;
        }
        lastNewViewSent[peer] = now;
        outbox.sendFrame(1L << peer, newViewFrame);
    }

    // ================================================================== loss: retransmission and catch-up

    private void retransmit() {
        if (!active) {
            // a VIEW-CHANGE can be large: repeat it a few times per timeout, not every period
            if (myViewChange != null && now - lastViewChangeSent >= config.timeoutNanos(vcTarget) / 4) {
                lastViewChangeSent = now;
                outbox.sendFrame(outbox.allOthers(), myViewChange);
            }
        } else {
            long stale = now - config.retransmitPeriodMicros * 1_000;
            int budget = 2 * config.maxOutstandingBatches + 2;
            for (Slot s : log.tailMap(lastExecuted, false).values()) {
                if (budget-- <= 0) {
                    break;
                }
                if (s.ppView != view || s.committed || s.lastProgressNanos > stale) {
                    continue;
                }
                s.lastProgressNanos = now;
                if (isLeader() && s.ppFrame != null) {
                    outbox.sendFrame(outbox.allOthers(), s.ppFrame);
                }
                resend(s.prepares[self]);
                resend(s.commits[self]);
            }
            for (Slot s : log.tailMap(lastExecuted, false).values()) {
                if (s.ppView == view && !s.sentPrepare && !isLeader() && s.acceptedNanos <= stale) {
                    requestBodies(missingBodies(s.digests));
                }
            }
            Slot next = log.get(lastExecuted + 1);
            if (next != null && next.committed) {
                requestBodies(missingBodies(next.committedDigests));
            }
            if (!isLeader()) {
                // the head may have been lost on its way to the leader; the others are re-sent when they become head
                // (re-sending the whole queue would put large REQUESTs in front of ordering messages)
                for (Digest d : queue.oldest(1, stale)) {
                    ClientUpdate u = bodies.get(d);
                    if (u != null) {
                        sendRequests(1L << config.leaderOf(view), List.of(u));
                    }
                }
            }
        }
        if (!ownCheckpoints.isEmpty() && ownCheckpoints.lastKey() > stableSeq) {
            Vote[] votes = checkpointVotes.get(ownCheckpoints.lastKey());
            if (votes != null) {
                resend(votes[self]);
            }
        }
        if (lastExecuted == executedAtLastCheck && highestSeqSeen > lastExecuted) {
            outbox.broadcast(new PbftCatchupRequest(self, view, lastExecuted));
        }
        executedAtLastCheck = lastExecuted;
    }

    private void resend(Vote own) {
        if (own != null && own.frame != null) {
            outbox.sendFrame(outbox.allOthers(), own.frame);
        }
    }

    private void onCatchupRequest(PbftCatchupRequest r) {
        int peer = r.sender();
        if (r.view() < view) {
            maybeSendNewView(peer);
        }
        if (lastExecuted <= r.executedSeq()) {
            return;
        }
        if (now - lastCatchupAnswer[peer] < config.retransmitPeriodMicros * 500) {
            rejections.count(RejectReason.DUPLICATE);
            return;
        }
        lastCatchupAnswer[peer] = now;
        long last = Math.min(lastExecuted, r.executedSeq() + config.catchupBatch);
        for (long seq = r.executedSeq() + 1; seq <= last; seq++) {
            Retained kept = retained.get(seq);
            if (kept == null) {
                rejections.count(RejectReason.STALE); // beyond retention: would need state transfer
                continue;
            }
            List<Frame> commits = new ArrayList<>();
            for (Vote v : kept.commits()) {
                if (v.frame != null) {
                    commits.add(v.frame);
                }
            }
            outbox.sendTo(peer, new CommitCertificate(self, seq, commits, kept.updates()));
        }
    }

    private void onCommitCertificate(CommitCertificate c) {
        if (c.seq() <= lastExecuted) {
            rejections.count(RejectReason.STALE);
            return;
        }
        if (c.seq() > lastExecuted + 2L * config.logWindow) {
            rejections.count(RejectReason.OUT_OF_WINDOW);
            return;
        }
        List<Digest> digests = new ArrayList<>(c.updates().size());
        for (ClientUpdate u : c.updates()) {
            digests.add(PbftMessages.updateDigest(u, hasher));
        }
        Digest batch = PbftMessages.batchDigest(digests, hasher);
        boolean[] seen = new boolean[n];
        long commitView = -1;
        List<Vote> votes = new ArrayList<>();
        for (Frame fr : c.commits()) {
            PbftCommit cm = (PbftCommit) fr.message();
            if (cm.seq() != c.seq() || !cm.batch().equals(batch) || seen[cm.sender()]
                    || (commitView >= 0 && cm.view() != commitView)) {
                rejections.count(RejectReason.INVALID);
                return;
            }
            seen[cm.sender()] = true;
            commitView = cm.view();
            votes.add(new Vote(cm.view(), batch, fr));
        }
        if (votes.size() < 2 * f + 1) {
            rejections.count(RejectReason.INVALID);
            return;
        }
        for (int i = 0; i < digests.size(); i++) {
            if (!holds(digests.get(i)) && !clients.alreadyExecuted(c.updates().get(i).id())) {
                bodies.put(digests.get(i), c.updates().get(i));
            }
        }
        Slot s = slot(c.seq());
        if (s.committed) {
            rejections.count(RejectReason.DUPLICATE);
        } else {
            commit(s, commitView, List.copyOf(digests), votes);
        }
        // bodies of updates already executed are needed only to execute this sequence number
        for (int i = 0; i < digests.size(); i++) {
            if (!holds(digests.get(i))) {
                executedBodies.put(digests.get(i), c.updates().get(i));
            }
        }
        execute();
    }

    // ================================================================== signing and own frames

    private List<Outbound> seal() {
        List<Outbound> sealed = outbox.seal(signer, hasher);
        for (Outbound o : sealed) {
            Frame fr = o.frame();
            if (fr.message().batchSigner() == self) {
                ownFrame(fr);
            }
        }
        return sealed;
    }

    /** Remembers the signed frame of our own message (certificates and retransmissions forward it unchanged). */
    private void ownFrame(Frame fr) {
        Message m = fr.message();
        if (m instanceof PbftPrePrepare pp) {
            Slot s = log.get(pp.seq());
            if (s != null && s.ppView == pp.view() && s.ppFrame == null) {
                s.ppFrame = fr;
            }
        } else if (m instanceof PbftPrepare p) {
            Slot s = log.get(p.seq());
            fill(s == null ? null : s.prepares[self], p.view(), fr);
        } else if (m instanceof PbftCommit c) {
            Slot s = log.get(c.seq());
            fill(s == null ? null : s.commits[self], c.view(), fr);
        } else if (m instanceof Checkpoint c) {
            Vote[] votes = checkpointVotes.get(c.seq());
            fill(votes == null ? null : votes[self], 0, fr);
            if (c.seq() == stableSeq) {
                for (Vote v : stableProof) {
                    fill(v, 0, fr);
                }
            }
        } else if (m instanceof ViewChange vc) {
            if (!active && vc.newView() == vcTarget && myViewChange == null) {
                myViewChange = fr;
                latestVc[self] = fr;
            }
        } else if (m instanceof NewView nv) {
            if (nv.view() == view && newViewFrame == null) {
                newViewFrame = fr;
            }
        }
    }

    private static void fill(Vote v, long voteView, Frame fr) {
        if (v != null && v.frame == null && v.view == voteView) {
            v.frame = fr;
        }
    }

    private long nextWakeupNanos() {
        long next = nextRetransmitNanos;
        if (active) {
            if (!isLeader()) {
                next = Math.min(next, queue.deadlineNanos(config.timeoutNanos(view)));
            }
        } else {
            next = Math.min(next, PendingQueue.saturatedAdd(vcStartedNanos, config.timeoutNanos(vcTarget)));
        }
        return next;
    }
}
