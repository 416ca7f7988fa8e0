package io.prime.core.testing;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireLimits;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.MerkleTree;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.Signer;
import io.prime.core.crypto.TestKeys;
import io.prime.core.message.AruVector;
import io.prime.core.message.AuthKind;
import io.prime.core.message.BlacklistProof;
import io.prime.core.message.Reconciliation;
import io.prime.core.reconcile.erasure.CauchyReedSolomon;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.CatchupRequest;
import io.prime.core.message.RttPing;
import io.prime.core.message.RttPong;
import io.prime.core.message.RttMeasure;
import io.prime.core.message.TatUb;
import io.prime.core.message.TatMeasure;
import io.prime.core.message.NewLeader;
import io.prime.core.message.NewLeaderProof;
import io.prime.core.message.Report;
import io.prime.core.message.PcSet;
import io.prime.core.message.RbInit;
import io.prime.core.message.RbEcho;
import io.prime.core.message.RbReady;
import io.prime.core.message.VcList;
import io.prime.core.message.VcPartialSig;
import io.prime.core.message.VcProof;
import io.prime.core.crypto.SimulatedThresholdScheme;
import io.prime.core.message.Replay;
import io.prime.core.message.ReplayPrepare;
import io.prime.core.message.ReplayCommit;
import io.prime.core.message.ReplayCertificate;
import io.prime.core.message.ReplayConflict;
import io.prime.core.message.Commit;
import io.prime.core.message.OrderCertificate;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.Prepare;
import io.prime.core.message.PrimeMessages;
import io.prime.core.message.ProofMatrix;
import io.prime.core.message.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of random <em>valid</em> Prime messages and frames, for property tests here and in other modules
 * (core's test-jar).
 *
 * <p>Valid means: the frame decodes with a {@link FrameCodec} built on the same {@link WireLimits}, and the
 * {@link io.prime.core.edge.InboundVerifier} accepts it with the {@link TestKeys}' directory. Concretely: replica ids
 * below N, client ids below the clients that have keys, every ARU vector exactly N entries, matrix row i signed by
 * server i, preorder and PRE-PREPARE sequence numbers at least 1, every length and count within its limit, and every
 * signature real (client updates signed by their client, PO-ARUs by their sender, batch-signed kinds by
 * {@link Message#batchSigner()} through {@link FrameCodec#signBatch}).
 *
 * <p>Edge values come up often: 0, 1 and {@code Long.MAX_VALUE} for sequence numbers and views, the byte-boundary
 * values around 2^7, 2^8, 2^15, 2^16, 2^31, 2^32, the first and last replica and client, empty and maximal lists and
 * payloads (maximal whenever the limit is at most the generator's size cap, so use small limits such as
 * {@link #smallLimits} to hit the bounds), all-zero and all-0xFF digests and payloads, empty and full matrices.
 *
 * <p>Everything is a function of the {@link SplittableRandom} passed in: the same seed gives the same messages. Not
 * thread-safe (it owns a {@link Hasher}).
 */
public final class RandomMessages {
    /** Default cap on generated list sizes when the limit is larger. */
    public static final int DEFAULT_COLLECTION_CAP = 64;
    /** Default cap on generated payload and result lengths when the limit is larger. */
    public static final int DEFAULT_BYTES_CAP = 512;

    private static final long[] EDGE_LONGS = {
            0L, 1L, 2L, 0x7FL, 0x80L, 0xFFL, 0x100L, 0x7FFFL, 0x8000L, 0xFFFFL, 0x10000L,
            0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L,
            0x00FF_FFFF_FFFF_FFFFL, 0x0100_0000_0000_0000L, Long.MAX_VALUE - 1, Long.MAX_VALUE};

    private final WireLimits limits;
    private final TestKeys keys;
    private final Hasher hasher = new Hasher();
    private final Signer[] replicaSigners;
    private final Signer[] clientSigners;
    private final int clients;
    private final int collectionCap;
    private final int bytesCap;
    private final int signatureLength;
    private final SimulatedThresholdScheme threshold;

    /** A generator with the default size caps. */
    public RandomMessages(WireLimits limits, TestKeys keys) {
        this(limits, keys, DEFAULT_COLLECTION_CAP, DEFAULT_BYTES_CAP);
    }

    /**
     * @param limits        the bounds every generated message respects
     * @param keys          signing keys; must have at least N replicas and at least one client
     * @param collectionCap largest list generated when the limit is larger (small limits are hit exactly)
     * @param bytesCap      largest payload or result generated when the limit is larger
     */
    public RandomMessages(WireLimits limits, TestKeys keys, int collectionCap, int bytesCap) {
        int n = limits.replicaCount();
        if (keys.directory().replicaCount() < n) {
            throw new IllegalArgumentException("keys for " + keys.directory().replicaCount() + " replicas, limits need " + n);
        }
        this.clients = Math.min(keys.directory().clientCount(), limits.clientCount());
        if (clients < 1) {
            throw new IllegalArgumentException("need at least one client with a key");
        }
        this.signatureLength = keys.scheme().signatureLength();
        if (signatureLength > limits.maxSignatureBytes()) {
            throw new IllegalArgumentException("signatures of " + signatureLength + " bytes exceed the limit " + limits.maxSignatureBytes());
        }
        this.limits = limits;
        this.keys = keys;
        this.collectionCap = collectionCap;
        this.bytesCap = bytesCap;
        this.threshold = new SimulatedThresholdScheme(n, 2 * ((n - 1) / 3) + 1, 7);
        this.replicaSigners = new Signer[n];
        for (int i = 0; i < n; i++) {
            replicaSigners[i] = keys.replicaSigner(i);
        }
        this.clientSigners = new Signer[clients];
        for (int c = 0; c < clients; c++) {
            clientSigners[c] = keys.clientSigner(c);
        }
    }

    /**
     * Small limits under which the generator hits every bound exactly (maximal PO-REQUESTs, PO-ACKs, payloads, results)
     * while frames stay small enough to fuzz quickly. Signatures up to 64 bytes.
     */
    public static WireLimits smallLimits(int replicaCount, int clientCount) {
        return new WireLimits(replicaCount, clientCount,
                64 * 1024, // frame: room for a full 64-row matrix with 64-byte signatures
                48,        // update payload
                5,         // updates per PO-REQUEST
                7,         // PO-ACK entries
                40,        // reply
                64,        // signature
                4,         // list entries
                64);       // blob
    }

    /** Deterministic keys for {@code limits} (N replicas, all its clients) with simulated signatures. */
    public static TestKeys keysFor(WireLimits limits, int signatureLength, long seed) {
        return new TestKeys(new SimulatedSignatureScheme(signatureLength), limits.replicaCount(), limits.clientCount(), seed);
    }

    private Replay randomReplay(long view, int leader, SplittableRandom r) {
        long ids = mask(r);
        long start = positive(r);
        return new Replay(view, ids, start, thresholdProof(view, ids, start), leader);
    }

    /**
     * The threshold scheme whose signatures VC-PARTIAL-SIG, VC-PROOF and REPLAY carry (a simulated (2f+1, N) dealing):
     * give it to the {@link io.prime.core.edge.InboundVerifier} that should accept them.
     */
    public SimulatedThresholdScheme threshold() {
        return threshold;
    }

    /** A valid combined threshold signature on the VC-PROOF data of (view, ids, startSeq). */
    public byte[] thresholdProof(long view, long ids, long startSeq) {
        byte[] data = VcProof.signedBytes(view, ids, startSeq);
        java.util.Map<Integer, byte[]> partials = new java.util.TreeMap<>();
        for (int i = 0; i < threshold.threshold(); i++) {
            partials.put(i, threshold.signer(i).partialSign(data));
        }
        return threshold.combine(data, partials);
    }

    public WireLimits limits() {
        return limits;
    }

    public TestKeys keys() {
        return keys;
    }

    /** A codec that decodes everything this generator makes. */
    public FrameCodec codec() {
        return new FrameCodec(PrimeMessages.registry(), limits);
    }

    // ------------------------------------------------------------------ messages

    /** Kinds that travel on their own (everything but those only carried inside others: REPORT, PC-SET). */
    public static List<MessageKind> standaloneKinds() {
        return PrimeMessages.kinds().stream().filter(k -> k.auth() != AuthKind.CARRIED).toList();
    }

    /** A random valid message of a random kind that travels on its own. */
    public Message random(SplittableRandom r) {
        List<MessageKind> kinds = standaloneKinds();
        return random(kinds.get(r.nextInt(kinds.size())), r);
    }

    /** A random valid message of {@code kind}. */
    public Message random(MessageKind kind, SplittableRandom r) {
        return random(kind, -1, r);
    }

    /**
     * A random valid message of {@code kind} whose sender (batch signer for batch-signed kinds, PO-ARU sender) is
     * {@code sender}, or a random replica if {@code sender < 0}. Client UPDATEs ignore {@code sender}.
     *
     * @throws IllegalArgumentException for a kind this generator does not know (add it here when adding a kind)
     */
    public Message random(MessageKind kind, int sender, SplittableRandom r) {
        for (int attempt = 0; ; attempt++) {
            int s = sender >= 0 ? sender : replica(r);
            Message m = switch (kind.id()) {
                case 1 -> clientUpdate(r);
                case 2 -> reply(s, r);
                case 10 -> poRequest(s, r);
                case 11 -> poAck(s, r);
                case 12 -> poAru(s, r);
                case 13 -> proofMatrix(s, r);
                case 20 -> prePrepare(s, r);
                case 21 -> prepare(s, r);
                case 22 -> commit(s, r);
                case 23 -> prePrepareConflict(s, r);
                case 30 -> reconciliation(s, r);
                case 31 -> blacklistProof(s, r);
                case 70 -> new CatchupRequest(s, nonNegative(r), nonNegative(r), r.nextBoolean());
                case 73 -> new io.prime.core.message.Checkpoint(s, positive(r), digest(r));
                case 74 -> new io.prime.core.message.StateRequest(s, positive(r), digest(r), r.nextInt(1 << 20));
                case 75 -> {
                    int total = 1 + r.nextInt(1000);
                    yield new io.prime.core.message.StateChunk(s, positive(r), digest(r), r.nextInt(total), total,
                            bytes(r, size(r, limits.maxBlobBytes(), bytesCap)));
                }
                case 71 -> orderCertificate(s, r);
                case 72 -> replayCertificate(s, r);
                case 40 -> new RttPing(nonNegative(r), nonNegative(r), s);
                case 41 -> new RttPong(nonNegative(r), nonNegative(r), s, replica(r));
                case 42 -> new RttMeasure(nonNegative(r), nonNegative(r), s, replica(r));
                case 43 -> new TatUb(nonNegative(r), nonNegative(r), s);
                case 44 -> new TatMeasure(nonNegative(r), nonNegative(r), s);
                case 45 -> new NewLeader(nonNegative(r), s);
                case 46 -> newLeaderProof(s, r);
                case 50 -> report(s, r);
                case 51 -> pcSet(s, r);
                case 52 -> new RbInit(s, nonNegative(r), r.nextInt(limits.maxListEntries() + 1), rbPayload(r));
                case 53 -> new RbEcho(s, replica(r), nonNegative(r), r.nextInt(limits.maxListEntries() + 1), rbPayload(r));
                case 54 -> new RbReady(s, replica(r), nonNegative(r), r.nextInt(limits.maxListEntries() + 1), digest(r));
                case 55 -> new VcList(nonNegative(r), mask(r), s);
                case 56 -> {
                    long view = nonNegative(r);
                    long ids = mask(r);
                    long start = positive(r);
                    yield new VcPartialSig(view, ids, start, threshold.signer(s).partialSign(VcProof.signedBytes(view, ids, start)), s);
                }
                case 57 -> {
                    long view = nonNegative(r);
                    long ids = mask(r);
                    long start = positive(r);
                    yield new VcProof(view, ids, start, thresholdProof(view, ids, start), s);
                }
                case 58 -> {
                    long view = nonNegative(r);
                    long ids = mask(r);
                    long start = positive(r);
                    yield new Replay(view, ids, start, thresholdProof(view, ids, start), s);
                }
                case 59 -> new ReplayPrepare(nonNegative(r), digest(r), s);
                case 60 -> new ReplayCommit(nonNegative(r), digest(r), digest(r), s);
                case 61 -> replayConflict(s, r);
                default -> throw new IllegalArgumentException("RandomMessages does not know kind " + kind + " (" + kind.id() + ")");
            };
            if (m.kind() != kind) {
                throw new IllegalStateException("generator for " + kind + " made a " + m.kind());
            }
            if (fitsInFrame(m) || attempt >= 50) {
                return m;
            }
        }
    }

    /** A random batch-signed message of a random batch-signed kind, signed (in a batch) by {@code signer}. */
    public Message randomBatchSigned(int signer, SplittableRandom r) {
        List<MessageKind> batchKinds = PrimeMessages.kinds().stream().filter(k -> k.auth() == AuthKind.MERKLE_BATCH).toList();
        return random(batchKinds.get(r.nextInt(batchKinds.size())), signer, r);
    }

    public ClientUpdate clientUpdate(SplittableRandom r) {
        return signedUpdate(client(r), nonNegative(r), bytes(r, size(r, limits.maxUpdatePayloadBytes(), bytesCap)));
    }

    /** A client update with a valid signature by {@code clientId}. */
    public ClientUpdate signedUpdate(long clientId, long requestNumber, byte[] payload) {
        byte[] signature = clientSigners[(int) clientId].sign(ClientUpdate.signedBytes(clientId, requestNumber, payload));
        return new ClientUpdate(clientId, requestNumber, payload, signature);
    }

    public Reply reply(int replica, SplittableRandom r) {
        return new Reply(replica, client(r), nonNegative(r), nonNegative(r), bytes(r, size(r, limits.maxReplyBytes(), bytesCap)));
    }

    public PoRequest poRequest(int origin, SplittableRandom r) {
        int count = size(r, limits.maxUpdatesPerPoRequest(), collectionCap);
        List<ClientUpdate> updates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            updates.add(clientUpdate(r));
        }
        return new PoRequest(origin, positive(r), updates);
    }

    public PoAck poAck(int sender, SplittableRandom r) {
        int count = size(r, limits.maxPoAckEntries(), collectionCap);
        List<PoAck.Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new PoAck.Entry(replica(r), positive(r), digest(r)));
        }
        return new PoAck(sender, entries);
    }

    public PoAru poAru(int sender, SplittableRandom r) {
        return signedPoAru(sender, aruVector(r));
    }

    /** A PO-ARU with a valid signature by {@code sender}. */
    public PoAru signedPoAru(int sender, AruVector vector) {
        return new PoAru(sender, vector, replicaSigners[sender].sign(PoAru.signedBytes(sender, vector)));
    }

    /** An ARU vector of exactly N entries. */
    public AruVector aruVector(SplittableRandom r) {
        long[] entries = new long[limits.replicaCount()];
        int mode = r.nextInt(6);
        for (int i = 0; i < entries.length; i++) {
            entries[i] = switch (mode) {
                case 0 -> 0L;
                case 1 -> Long.MAX_VALUE;
                case 2 -> r.nextLong(0, 100); // realistic small values
                default -> nonNegative(r);
            };
        }
        return AruVector.of(entries);
    }

    /** A proof matrix of N rows, row i null or a PO-ARU signed by server i. */
    public PoAruMatrix matrix(SplittableRandom r) {
        int n = limits.replicaCount();
        PoAru[] rows = new PoAru[n];
        int mode = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            boolean present = switch (mode) {
                case 0 -> false;          // the empty matrix
                case 1, 2 -> true;        // a full one
                default -> r.nextBoolean();
            };
            if (present) {
                rows[i] = poAru(i, r);
            }
        }
        return PoAruMatrix.of(rows);
    }

    public ProofMatrix proofMatrix(int sender, SplittableRandom r) {
        return new ProofMatrix(sender, nonNegative(r), matrix(r));
    }

    public PrePrepare prePrepare(int leader, SplittableRandom r) {
        return new PrePrepare(nonNegative(r), positive(r), leader, matrix(r));
    }

    /** Two PRE-PREPAREs of one leader (their view and seq need not match: the core checks that, not the codec). */
    public io.prime.core.message.PrePrepareConflict prePrepareConflict(int sender, SplittableRandom r) {
        int leader = replica(r);
        return new io.prime.core.message.PrePrepareConflict(sender, frame(prePrepare(leader, r)), frame(prePrepare(leader, r)));
    }

    public Prepare prepare(int sender, SplittableRandom r) {
        return new Prepare(nonNegative(r), positive(r), sender, digest(r));
    }

    public Commit commit(int sender, SplittableRandom r) {
        return new Commit(nonNegative(r), positive(r), sender, digest(r));
    }

    /** A non-empty replica set within N. */
    public long mask(SplittableRandom r) {
        int n = limits.replicaCount();
        long all = n == 64 ? -1L : (1L << n) - 1;
        long m = switch (r.nextInt(3)) {
            case 0 -> all;
            case 1 -> 1L << r.nextInt(n);
            default -> r.nextLong() & all;
        };
        return m == 0 ? 1 : m;
    }

    public Report report(int sender, SplittableRandom r) {
        return new Report(nonNegative(r), nonNegative(r), r.nextInt(limits.maxListEntries() + 1), sender);
    }

    /** A PC-SET of validly signed frames (the certificate need not be a valid quorum: that is the core's check). */
    public PcSet pcSet(int sender, SplittableRandom r) {
        Frame pp = frame(prePrepare(replica(r), r));
        int count = r.nextInt(limits.replicaCount() + 1);
        List<Frame> prepares = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            prepares.add(frame(prepare(i, r)));
        }
        return new PcSet(nonNegative(r), sender, pp, prepares);
    }

    /** What reliable broadcast carries: a REPORT or a PC-SET, as a frame without authenticator. */
    public Frame rbPayload(SplittableRandom r) {
        return FrameCodec.carried(r.nextBoolean() ? report(replica(r), r) : pcSet(replica(r), r));
    }

    public NewLeaderProof newLeaderProof(int sender, SplittableRandom r) {
        long view = nonNegative(r);
        int count = r.nextInt(limits.replicaCount() + 1);
        List<Frame> votes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            votes.add(frame(new NewLeader(view, i)));
        }
        return new NewLeaderProof(sender, view, votes);
    }

    public ReplayConflict replayConflict(int sender, SplittableRandom r) {
        int leader = replica(r);
        long view = nonNegative(r);
        Frame a = frame(randomReplay(view, leader, r));
        Frame b = frame(randomReplay(view, leader, r));
        return new ReplayConflict(sender, a, b);
    }

    /**
     * An erasure-coded part with the domain the decoder checks: index below 2f+1, the part exactly
     * ceil(total / (f+1)) bytes and at most the blob limit, the total at most the frame limit.
     */
    public Reconciliation reconciliation(int sender, SplittableRandom r) {
        int f = (limits.replicaCount() - 1) / 3;
        int maxPart = Math.min(limits.maxBlobBytes(), bytesCap);
        long maxTotal = Math.min((long) maxPart * (f + 1), limits.maxFrameBytes());
        int total = (int) switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> maxTotal;
            case 2 -> Math.min(1, maxTotal);
            default -> r.nextLong(maxTotal + 1);
        };
        int index = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 2 * f;
            default -> r.nextInt(2 * f + 1);
        };
        byte[] part = bytes(r, CauchyReedSolomon.partLength(total, f + 1));
        return new Reconciliation(sender, replica(r), positive(r), digest(r), index, total, part);
    }

    /** Two validly signed PO-ARUs of one server (usually, but not always, inconsistent: the core checks that). */
    public BlacklistProof blacklistProof(int sender, SplittableRandom r) {
        int accused = replica(r);
        return new BlacklistProof(sender, poAru(accused, r), poAru(accused, r));
    }

    /** A replay certificate of validly signed frames (its outcome need not check out: that is the core's job). */
    public ReplayCertificate replayCertificate(int sender, SplittableRandom r) {
        long view = nonNegative(r);
        Frame replay = frame(randomReplay(view, replica(r), r));
        int count = r.nextInt(limits.replicaCount() + 1);
        List<Frame> commits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            commits.add(frame(new ReplayCommit(view, digest(r), digest(r), i)));
        }
        int bound = r.nextInt(Math.min(3, limits.maxListEntries()) + 1);
        List<Frame> bindings = new ArrayList<>(bound);
        for (int i = 0; i < bound; i++) {
            bindings.add(frame(prePrepare(replica(r), r)));
        }
        return new ReplayCertificate(sender, replay, commits, nonNegative(r), bindings);
    }

    /** A certificate of validly signed frames: a PRE-PREPARE and up to N COMMITs from distinct replicas. */
    public OrderCertificate orderCertificate(int sender, SplittableRandom r) {
        Frame pp = frame(prePrepare(replica(r), r));
        int count = r.nextInt(limits.replicaCount() + 1);
        List<Frame> commits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            commits.add(frame(commit(i, r)));
        }
        return new OrderCertificate(sender, pp, commits);
    }

    // ------------------------------------------------------------------ frames

    /**
     * A valid frame for {@code m}: self-signed kinds as they are (their signature is in the body), batch-signed kinds
     * as a batch of one signed by {@link Message#batchSigner()}.
     */
    public Frame frame(Message m) {
        if (m.kind().auth() == AuthKind.SELF_SIGNED) {
            return FrameCodec.selfSigned(m);
        }
        if (m.kind().auth() == AuthKind.CARRIED) {
            return FrameCodec.carried(m);
        }
        return FrameCodec.signBatch(List.of(m), replicaSigners[m.batchSigner()], hasher).get(0);
    }

    /** A frame for {@code m} whose batch is signed by {@code replica}, whoever {@code m}'s batch signer is. */
    public Frame frameSignedBy(Message m, int replica) {
        return FrameCodec.signBatch(List.of(m), replicaSigners[replica], hasher).get(0);
    }

    /** One batch signature over {@code messages}, which must all have the same {@link Message#batchSigner()}. */
    public List<Frame> batch(List<? extends Message> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        int signer = messages.get(0).batchSigner();
        for (Message m : messages) {
            if (m.batchSigner() != signer) {
                throw new IllegalArgumentException("one batch, one signer: " + signer + " and " + m.batchSigner());
            }
        }
        return FrameCodec.signBatch(messages, replicaSigners[signer], hasher);
    }

    /**
     * A valid frame of a random kind. Batch-signed messages are signed in a batch of random size (up to 40, sometimes
     * with the maximal index of a full tree), so the proofs have depths 0 to 6 and leaves anywhere in the tree.
     */
    public Frame randomFrame(SplittableRandom r) {
        Message m = random(r);
        return randomFrame(m, r);
    }

    /** A valid frame for {@code m}, in a batch of random size if batch signed. */
    public Frame randomFrame(Message m, SplittableRandom r) {
        if (m.kind().auth() != AuthKind.MERKLE_BATCH) {
            return frame(m);
        }
        int size = switch (r.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 << r.nextInt(6); // full trees
            default -> 1 + r.nextInt(40);
        };
        int position = r.nextBoolean() ? size - 1 : r.nextInt(size);
        List<Message> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(i == position ? m : filler(m.batchSigner(), r));
        }
        return batch(batch).get(position);
    }

    /** A cheap batch-signed message from {@code signer}, to fill batches. */
    private Message filler(int signer, SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> prepare(signer, r);
            case 1 -> commit(signer, r);
            default -> new PoAck(signer, List.of(new PoAck.Entry(replica(r), positive(r), digest(r))));
        };
    }

    /** Re-encodes a decoded frame from its message and proof: equal to its bytes iff the encoding is canonical. */
    public static byte[] reencode(Frame f) {
        byte[] unsigned = FrameCodec.encodeUnsigned(f.message());
        return f.proof() == null ? unsigned : FrameCodec.assemble(unsigned, f.proof());
    }

    /** Whether {@code m}'s frame, with the largest possible authenticator, fits {@link WireLimits#maxFrameBytes()}. */
    public boolean fitsInFrame(Message m) {
        long overhead = m.kind().auth() == AuthKind.MERKLE_BATCH
                ? 1 + 4 + (long) MerkleTree.MAX_DEPTH * Digest.LENGTH + 2 + signatureLength : 0;
        return FrameCodec.encodeUnsigned(m).length + overhead <= limits.maxFrameBytes();
    }

    // ------------------------------------------------------------------ values

    /** A replica id below N: often the first or the last. */
    public int replica(SplittableRandom r) {
        int n = limits.replicaCount();
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> n - 1;
            default -> r.nextInt(n);
        };
    }

    /** A client id that has a key: often the first or the last. */
    public long client(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> clients - 1;
            default -> r.nextInt(clients);
        };
    }

    /** A value in [0, Long.MAX_VALUE], edge values about half the time. */
    public static long nonNegative(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0, 1, 2 -> EDGE_LONGS[r.nextInt(EDGE_LONGS.length)];
            case 3, 4 -> r.nextLong(0, 1000);
            case 5 -> r.nextLong(0, 0x1_0000_0000L);
            default -> r.nextLong() & Long.MAX_VALUE;
        };
    }

    /** A value in [1, Long.MAX_VALUE], edge values about half the time. */
    public static long positive(SplittableRandom r) {
        long v = nonNegative(r);
        return v == 0 ? 1 : v;
    }

    /**
     * A size in [0, min(limit, cap)]: 0 and the maximum an eighth of the time each, 1 often; the maximum is the limit
     * itself whenever the limit is at most the cap.
     */
    public static int size(SplittableRandom r, int limit, int cap) {
        int hi = Math.min(limit, cap);
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> hi;
            case 2 -> Math.min(1, hi);
            default -> r.nextInt(hi + 1);
        };
    }

    /** {@code length} bytes: all zero, all 0xFF, a counter, or random. */
    public static byte[] bytes(SplittableRandom r, int length) {
        byte[] b = new byte[length];
        switch (r.nextInt(6)) {
            case 0 -> { }
            case 1 -> java.util.Arrays.fill(b, (byte) 0xFF);
            case 2 -> {
                for (int i = 0; i < length; i++) {
                    b[i] = (byte) i;
                }
            }
            default -> r.nextBytes(b);
        }
        return b;
    }

    /** A digest: all zero, all 0xFF, or random. */
    public static Digest digest(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Digest.ZERO;
            case 1 -> {
                byte[] b = new byte[Digest.LENGTH];
                java.util.Arrays.fill(b, (byte) 0xFF);
                yield Digest.of(b);
            }
            default -> {
                byte[] b = new byte[Digest.LENGTH];
                r.nextBytes(b);
                yield Digest.of(b);
            }
        };
    }
}
