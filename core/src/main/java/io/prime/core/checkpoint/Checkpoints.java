package io.prime.core.checkpoint;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.crypto.Digest;
import io.prime.core.message.Checkpoint;
import io.prime.core.message.StateChunk;
import io.prime.core.message.StateRequest;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checkpoints and state transfer (not in the paper, which assumes every correct server keeps every message; PBFT's
 * mechanism, §4.3 of Castro and Liskov). Every {@code checkpointInterval} executed global sequence numbers a replica
 * encodes its {@link CheckpointState}, keeps the bytes and broadcasts CHECKPOINT(seq, digest). 2f+1 matching
 * CHECKPOINTs make the checkpoint <em>stable</em>: at least f+1 correct replicas hold that state.
 *
 * <p>A replica so far behind that its peers no longer keep the certificates it needs (they keep
 * {@code orderRetention} below their execution) is shown a stable checkpoint (its 2f+1 CHECKPOINT frames, by
 * {@link io.prime.core.catchup.OrderCatchup}) and fetches the state in STATE-CHUNKs from one of its signers at a time,
 * asking the next as soon as a batch arrives and another signer when one stays silent for a retransmission period.
 * The reassembled bytes must hash to the agreed digest; then the state is installed and ordinary catch-up continues
 * from there. A faulty peer can therefore only waste the requester's time and bandwidth, never give it a wrong state.
 *
 * <p>Memory is bounded: per sender at most {@link #VOTES_PER_SENDER} checkpoint votes (its latest), own encoded states
 * only from the last stable one on (at most {@link #OWN_STATES} of them), one transfer at a time.
 */
public final class Checkpoints {
    /** What the rest of the replica provides. */
    public interface Host {
        /** Highest global sequence number fully executed. */
        long executedSeq();

        /** Installs a transferred state (it is ahead of what this replica executed). */
        void install(CheckpointState state);
    }

    static final int VOTES_PER_SENDER = 4;
    static final int OWN_STATES = 4;

    private record Vote(Digest digest, Frame frame) {
    }

    /** A checkpoint 2f+1 replicas agree on, with the CHECKPOINT frames that prove it. */
    public record Stable(long seq, Digest digest, List<Frame> proof) {
    }

    private final ReplicaContext ctx;
    private final Host host;
    /** Per sender, its latest checkpoint votes by sequence number. */
    private final List<TreeMap<Long, Vote>> votes = new ArrayList<>();
    /** Own encoded states by sequence number, with their digests. */
    private final TreeMap<Long, byte[]> ownStates = new TreeMap<>();
    private final TreeMap<Long, Digest> ownDigests = new TreeMap<>();
    private Stable stable;
    /** The encoded state of {@link #stable}, if this replica holds it (it does once it executed past it). */
    private byte[] stableState;

    // requester side of a state transfer
    private Stable target;
    private byte[][] chunks;
    private int received;
    private int nextWanted;
    private int requestedUpTo;
    private int peerCursor = -1;
    private long lastChunkNanos;
    private long executedAtLastCheck = -1;
    private long nextCheckNanos;

    // server side: per peer, when last answered and up to which chunk (a peer past it is answered at once)
    private final long[] lastAnsweredNanos;
    private final int[] lastAnsweredTop;

    private long transfersCompleted;
    private long statesTaken;

    public Checkpoints(ReplicaContext ctx, Host host) {
        this.ctx = ctx;
        this.host = host;
        for (int i = 0; i < ctx.n; i++) {
            votes.add(new TreeMap<>());
        }
        this.lastAnsweredNanos = new long[ctx.n];
        this.lastAnsweredTop = new int[ctx.n];
        Arrays.fill(lastAnsweredNanos, Long.MIN_VALUE / 2);
        Arrays.fill(lastAnsweredTop, -1);
        this.nextCheckNanos = ctx.config.retransmitPeriodMicros * 1_000;
    }

    /** Whether {@code seq} ends a checkpoint interval. */
    public boolean isCheckpointSeq(long seq) {
        return seq > 0 && seq % ctx.config.checkpointInterval == 0;
    }

    /**
     * Records this replica's own state at a checkpoint and announces its digest. Returns the encoding (the host also
     * writes it to durable storage).
     */
    public byte[] take(CheckpointState state) {
        byte[] encoded = state.encode();
        Digest digest = CheckpointState.digest(ctx.hasher, encoded);
        ownStates.put(state.seq(), encoded);
        ownDigests.put(state.seq(), digest);
        while (ownStates.size() > OWN_STATES) {
            long first = ownStates.firstKey();
            ownStates.remove(first);
            ownDigests.remove(first);
        }
        statesTaken++;
        ctx.outbox.broadcast(new Checkpoint(ctx.self, state.seq(), digest));
        return encoded;
    }

    /** Our own CHECKPOINT, once signed, counts as our vote and goes into proofs we show others. */
    public void ownFrame(Frame frame) {
        if (frame.message() instanceof Checkpoint c) {
            vote(frame, c);
        }
    }

    public void onCheckpoint(Frame frame, Checkpoint m) {
        if (stable != null && m.seq() <= stable.seq()) {
            // The votes beyond the 2f+1 that made the latest checkpoint stable are redundant, not late.
            ctx.reject(m.seq() == stable.seq() ? RejectReason.DUPLICATE : RejectReason.STALE);
            return;
        }
        vote(frame, m);
    }

    private void vote(Frame frame, Checkpoint m) {
        TreeMap<Long, Vote> mine = votes.get(m.sender());
        Vote previous = mine.get(m.seq());
        if (previous != null) {
            if (!previous.digest().equals(m.stateDigest())) {
                // A correct replica computes one state per sequence number: two digests are misbehaviour (or a
                // non-deterministic application). Keep the first; the event tells the operator.
                ctx.event(ProtocolEvent.Type.CHECKPOINT_MISMATCH, "replica " + m.sender() + " signed two digests for checkpoint "
                        + m.seq());
                ctx.reject(RejectReason.INCONSISTENT);
            } else if (m.sender() != ctx.self) {
                ctx.reject(RejectReason.DUPLICATE);
            }
            return;
        }
        mine.put(m.seq(), new Vote(m.stateDigest(), frame));
        while (mine.size() > VOTES_PER_SENDER) {
            mine.pollFirstEntry();
        }
        checkStable(m.seq(), m.stateDigest());
    }

    private void checkStable(long seq, Digest digest) {
        if (stable != null && seq <= stable.seq()) {
            return;
        }
        List<Frame> proof = new ArrayList<>();
        for (TreeMap<Long, Vote> v : votes) {
            Vote vote = v.get(seq);
            if (vote != null && vote.digest().equals(digest)) {
                proof.add(vote.frame());
            }
        }
        if (proof.size() < ctx.config.quorum()) {
            return;
        }
        stable = new Stable(seq, digest, List.copyOf(proof.subList(0, ctx.config.quorum())));
        Digest own = ownDigests.get(seq);
        if (own != null && !own.equals(digest)) {
            ctx.event(ProtocolEvent.Type.CHECKPOINT_MISMATCH, "own state at checkpoint " + seq + " differs from the one 2f+1"
                    + " replicas agree on: this replica's application is not deterministic, or its state is damaged");
        }
        stableState = own != null && own.equals(digest) ? ownStates.get(seq) : null;
        ownStates.headMap(seq).clear();
        ownDigests.headMap(seq).clear();
        for (TreeMap<Long, Vote> v : votes) {
            v.headMap(seq).clear();
        }
        if (target != null && target.seq() < seq) {
            target = null; // a later stable checkpoint supersedes the one being fetched
            chunks = null;
        }
    }

    /** The latest stable checkpoint, or null. */
    public Stable stable() {
        return stable;
    }

    /** Whether this replica can send the state of its stable checkpoint. */
    public boolean holdsStableState() {
        return stableState != null;
    }

    // ------------------------------------------------------------------ serving

    public void onStateRequest(StateRequest m) {
        int peer = m.sender();
        byte[] state = stateFor(m.seq(), m.stateDigest());
        if (state == null) {
            ctx.reject(RejectReason.STALE); // we no longer (or do not yet) hold that state
            return;
        }
        long now = ctx.now();
        boolean progressed = lastAnsweredTop[peer] >= 0 && m.fromChunk() > lastAnsweredTop[peer];
        if (!progressed && now - lastAnsweredNanos[peer] < ctx.config.retransmitPeriodMicros * 500) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        int size = ctx.config.stateChunkBytes;
        int total = Math.max(1, (state.length + size - 1) / size);
        if (m.fromChunk() >= total) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        int last = Math.min(total - 1, m.fromChunk() + ctx.config.stateChunksPerRequest - 1);
        lastAnsweredNanos[peer] = now;
        lastAnsweredTop[peer] = last;
        for (int i = m.fromChunk(); i <= last; i++) {
            int from = i * size;
            int to = Math.min(state.length, from + size);
            ctx.outbox.sendTo(peer, new StateChunk(ctx.self, m.seq(), m.stateDigest(), i, total,
                    Arrays.copyOfRange(state, from, to)));
        }
    }

    private byte[] stateFor(long seq, Digest digest) {
        if (stable != null && stable.seq() == seq && stable.digest().equals(digest) && stableState != null) {
            return stableState;
        }
        Digest own = ownDigests.get(seq);
        return own != null && own.equals(digest) ? ownStates.get(seq) : null;
    }

    // ------------------------------------------------------------------ fetching

    /**
     * Starts fetching the stable checkpoint's state if it is ahead of this replica and ordinary catch-up cannot get
     * there: this replica is at least {@code orderRetention} behind it (its peers no longer keep the certificates),
     * or it made no execution progress for a whole retransmission period while behind it.
     */
    public void periodic() {
        long now = ctx.now();
        if (stable != null && target == null && stable.seq() > host.executedSeq()) {
            boolean farBehind = stable.seq() - host.executedSeq() >= ctx.config.orderRetention;
            boolean stuck = now >= nextCheckNanos && host.executedSeq() == executedAtLastCheck;
            if (farBehind || stuck) {
                startTransfer(stable);
            }
        }
        if (now >= nextCheckNanos) {
            nextCheckNanos = now + ctx.config.retransmitPeriodMicros * 1_000;
            executedAtLastCheck = host.executedSeq();
            if (target != null && now - lastChunkNanos >= ctx.config.retransmitPeriodMicros * 1_000) {
                request(nextPeer(), nextWanted); // the peer asked stayed silent: ask another signer
            }
        }
    }

    private void startTransfer(Stable s) {
        target = s;
        chunks = null;
        received = 0;
        nextWanted = 0;
        ctx.event(ProtocolEvent.Type.STATE_TRANSFER_STARTED, "fetching the state of stable checkpoint " + s.seq()
                + " (executed up to " + host.executedSeq() + ")");
        request(nextPeer(), 0);
    }

    private int nextPeer() {
        // Only the signers of the stable checkpoint certainly hold its state.
        for (int tries = 0; tries < ctx.n; tries++) {
            peerCursor = (peerCursor + 1) % ctx.n;
            if (peerCursor == ctx.self) {
                continue;
            }
            for (Frame f : target.proof()) {
                if (f.message().batchSigner() == peerCursor) {
                    return peerCursor;
                }
            }
        }
        return (ctx.self + 1) % ctx.n;
    }

    private void request(int peer, int fromChunk) {
        lastChunkNanos = ctx.now();
        requestedUpTo = fromChunk + ctx.config.stateChunksPerRequest - 1;
        ctx.outbox.sendTo(peer, new StateRequest(ctx.self, target.seq(), target.digest(), fromChunk));
    }

    public void onStateChunk(StateChunk m) {
        if (target == null || m.seq() != target.seq() || !m.stateDigest().equals(target.digest())) {
            ctx.reject(RejectReason.STALE);
            return;
        }
        int size = ctx.config.stateChunkBytes;
        long maxTotal = (2L * ctx.config.maxStateBytes + 4096) / size + 1;
        if (m.total() > maxTotal || (m.index() < m.total() - 1 && m.dataUnsafe().length != size)
                || m.dataUnsafe().length > size) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        if (chunks == null) {
            chunks = new byte[m.total()][];
        } else if (chunks.length != m.total()) {
            ctx.reject(RejectReason.INVALID); // another peer's (faulty) count: the digest decides in the end
            return;
        }
        if (chunks[m.index()] != null) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        chunks[m.index()] = m.dataUnsafe();
        received++;
        lastChunkNanos = ctx.now();
        while (nextWanted < chunks.length && chunks[nextWanted] != null) {
            nextWanted++;
        }
        if (received == chunks.length) {
            finish();
        } else if (nextWanted > requestedUpTo) {
            request(m.sender(), nextWanted); // the batch arrived: ask the same peer for the next one at once
        }
    }

    private void finish() {
        int length = 0;
        for (byte[] c : chunks) {
            length += c.length;
        }
        byte[] encoded = new byte[length];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, encoded, at, c.length);
            at += c.length;
        }
        Stable s = target;
        target = null;
        chunks = null;
        if (!CheckpointState.digest(ctx.hasher, encoded).equals(s.digest())) {
            ctx.reject(RejectReason.BAD_DIGEST);
            ctx.event(ProtocolEvent.Type.NOTICE, "the state fetched for checkpoint " + s.seq()
                    + " does not match its digest; fetching again from another replica");
            startTransfer(s);
            return;
        }
        CheckpointState state;
        try {
            state = CheckpointState.decode(encoded, ctx.n, ctx.config.maxStateBytes);
        } catch (MalformedFrameException e) {
            // 2f+1 replicas signed the digest of bytes that do not decode: not possible with f faulty ones.
            throw new IllegalStateException("stable checkpoint " + s.seq() + " does not decode: " + e.getMessage(), e);
        }
        if (state.seq() != s.seq()) {
            throw new IllegalStateException("stable checkpoint " + s.seq() + " holds the state of " + state.seq());
        }
        if (state.seq() <= host.executedSeq()) {
            return; // ordinary catch-up got there first
        }
        host.install(state);
        stableState = encoded;
        transfersCompleted++;
        ctx.event(ProtocolEvent.Type.STATE_TRANSFER_COMPLETED, "installed the state of checkpoint " + s.seq() + " ("
                + encoded.length + " bytes)");
    }

    public long nextDeadlineNanos() {
        return nextCheckNanos;
    }

    public long transfersCompleted() {
        return transfersCompleted;
    }

    public long statesTaken() {
        return statesTaken;
    }

    /** Per sender, its checkpoint votes held (for memory-bound tests). */
    public int votesHeld() {
        int total = 0;
        for (Map<Long, Vote> v : votes) {
            total += v.size();
        }
        return total;
    }

    public boolean transferring() {
        return target != null;
    }
}
