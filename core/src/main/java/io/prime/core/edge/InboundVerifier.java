package io.prime.core.edge;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.MerkleProof;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.MerkleTree;
import io.prime.core.message.AuthKind;
import io.prime.core.message.BlacklistProof;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Message;
import io.prime.core.message.NewLeaderProof;
import io.prime.core.message.OrderCertificate;
import io.prime.core.message.PcSet;
import io.prime.core.message.RbEcho;
import io.prime.core.message.RbInit;
import io.prime.core.message.ReplayCertificate;
import io.prime.core.message.ReplayConflict;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.ProofMatrix;

import java.util.HashMap;
import java.util.Map;

/**
 * The edge of a replica: decodes a frame and checks every signature in it before the message may enter the
 * single-threaded core ("nothing accepted that was not signed by its sender"). Pure computation; the simulator runs
 * it on the replica's modelled CPU, the runtime on a worker pool with one instance per thread. Counts the
 * operations it performs so the simulator can charge them.
 */
public final class InboundVerifier {
    private static final byte CACHE_KEY_TAG = 0x7F;
    private static final byte[] NESTED_MARK = {'N'};
    private static final byte[] THRESHOLD_MARK = {'T'};

    private final FrameCodec codec;
    private final KeyDirectory keys;
    private final Hasher hasher;
    private final VerificationCache cache;
    private final Map<Integer, NestedVerifier> nested = new HashMap<>();
    /** The view change's threshold scheme; null at an edge that takes no view-change messages (clients, PBFT). */
    private final io.prime.core.crypto.ThresholdScheme threshold;
    private long signatureVerifications;
    private long thresholdVerifications;

    /** An edge without a threshold scheme: VC-PARTIAL-SIG, VC-PROOF and REPLAY are refused (nothing could check them). */
    public InboundVerifier(FrameCodec codec, KeyDirectory keys, Hasher hasher, VerificationCache cache) {
        this(codec, keys, hasher, cache, null);
    }

    /**
     * A replica's edge. Besides every Ed25519 signature it checks the view change's threshold signatures (§5.3): a
     * VC-PARTIAL-SIG against its sender's public share, the VC-PROOF of a VC-PROOF or REPLAY against the group key.
     * These are pairing checks (about a millisecond each with BLS12-381), so they belong here, on the edge's workers
     * and behind its cache, rather than on the core thread, where a view change's worth of them once stalled the
     * ordering long enough for SUSPECT-LEADER to suspect the next leader too.
     */
    public InboundVerifier(FrameCodec codec, KeyDirectory keys, Hasher hasher, VerificationCache cache,
                           io.prime.core.crypto.ThresholdScheme threshold) {
        this.codec = codec;
        this.keys = keys;
        this.hasher = hasher;
        this.cache = cache;
        this.threshold = threshold;
        nested.put(io.prime.core.message.PrimeMessages.VC_PARTIAL_SIG.id(), (f, v) -> {
            io.prime.core.message.VcPartialSig m = (io.prime.core.message.VcPartialSig) f.message();
            return v.verifyPartial(m.sender(), io.prime.core.message.VcProof.signedBytes(m.view(), m.ids(), m.startSeq()),
                    m.partial());
        });
        nested.put(io.prime.core.message.PrimeMessages.VC_PROOF.id(), (f, v) -> {
            io.prime.core.message.VcProof m = (io.prime.core.message.VcProof) f.message();
            return v.verifyThresholdProof(io.prime.core.message.VcProof.signedBytes(m.view(), m.ids(), m.startSeq()), m.proof());
        });
        nested.put(io.prime.core.message.PrimeMessages.REPLAY.id(), (f, v) -> {
            io.prime.core.message.Replay m = (io.prime.core.message.Replay) f.message();
            return v.verifyThresholdProof(io.prime.core.message.VcProof.signedBytes(m.view(), m.ids(), m.startSeq()), m.proof());
        });
        nested.put(io.prime.core.message.PrimeMessages.PO_REQUEST.id(), (f, v) -> v.verifyUpdates((PoRequest) f.message()));
        nested.put(io.prime.core.message.PrimeMessages.PROOF_MATRIX.id(), (f, v) -> v.verifyMatrix(((ProofMatrix) f.message()).matrix()));
        nested.put(io.prime.core.message.PrimeMessages.PRE_PREPARE.id(), (f, v) -> v.verifyMatrix(((PrePrepare) f.message()).matrix()));
        nested.put(io.prime.core.message.PrimeMessages.ORDER_CERTIFICATE.id(), (f, v) -> v.verifyCertificate((OrderCertificate) f.message()));
        nested.put(io.prime.core.message.PrimeMessages.REPLAY_CERTIFICATE.id(), (f, v) -> {
            ReplayCertificate c = (ReplayCertificate) f.message();
            java.util.List<Frame> all = new java.util.ArrayList<>();
            all.add(c.replay());
            all.addAll(c.commits());
            all.addAll(c.bindings());
            return v.verifyFrames(all);
        });
        nested.put(io.prime.core.message.PrimeMessages.NEW_LEADER_PROOF.id(), (f, v) -> v.verifyFrames(((NewLeaderProof) f.message()).votes()));
        nested.put(io.prime.core.message.PrimeMessages.RB_INIT.id(), (f, v) -> v.verifyRbPayload(((RbInit) f.message()).payload()));
        nested.put(io.prime.core.message.PrimeMessages.RB_ECHO.id(), (f, v) -> v.verifyRbPayload(((RbEcho) f.message()).payload()));
        nested.put(io.prime.core.message.PrimeMessages.REPLAY_CONFLICT.id(), (f, v) -> v.verifyFrames(
                java.util.List.of(((ReplayConflict) f.message()).first(), ((ReplayConflict) f.message()).second())));
        nested.put(io.prime.core.message.PrimeMessages.BLACKLIST_PROOF.id(), (f, v) -> v.verifyProof((BlacklistProof) f.message()));
        nested.put(io.prime.core.message.PrimeMessages.PRE_PREPARE_CONFLICT.id(), (f, v) -> v.verifyFrames(java.util.List.of(
                ((io.prime.core.message.PrePrepareConflict) f.message()).first(),
                ((io.prime.core.message.PrePrepareConflict) f.message()).second())));
    }

    /** Registers the check of signatures nested in messages of kind {@code kindId} (used by later sub-protocols). */
    public InboundVerifier withNested(int kindId, NestedVerifier verifier) {
        nested.put(kindId, verifier);
        return this;
    }

    public FrameCodec codec() {
        return codec;
    }

    public Hasher hasher() {
        return hasher;
    }

    public KeyDirectory keys() {
        return keys;
    }

    /** Number of public-key signature verifications performed so far (cache hits excluded). */
    public long signatureVerifications() {
        return signatureVerifications;
    }

    /** Number of threshold-signature checks (partial or combined) performed so far (cache hits excluded). */
    public long thresholdVerifications() {
        return thresholdVerifications;
    }

    public long takeThresholdVerifications() {
        long v = thresholdVerifications;
        thresholdVerifications = 0;
        return v;
    }

    public long takeSignatureVerifications() {
        long v = signatureVerifications;
        signatureVerifications = 0;
        return v;
    }

    /** Decodes and authenticates a frame received from the network. */
    public Verdict verify(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (MalformedFrameException e) {
            return Verdict.reject(e.reason() == MalformedFrameException.Reason.LENGTH_OUT_OF_BOUNDS
                    ? RejectReason.OVERSIZED : RejectReason.MALFORMED, e.getMessage());
        }
        return verify(frame);
    }

    /** Authenticates an already decoded frame (e.g. one carried inside a certificate). */
    public Verdict verify(Frame frame) {
        Message m = frame.message();
        Verdict v;
        if (m.kind().auth() == AuthKind.CARRIED) {
            return Verdict.reject(RejectReason.UNEXPECTED, m.kind() + " only travels inside another message");
        } else if (m.kind().auth() == AuthKind.SELF_SIGNED) {
            v = verifySelfSigned(m);
        } else {
            v = verifyBatchAuthenticator(frame);
        }
        if (v != null) {
            return v;
        }
        NestedVerifier n = nested.get(m.kind().id());
        if (n != null) {
            // Nested signatures are checked once per frame: a retransmitted or flooded copy costs one lookup.
            Digest nestedKey = hasher.digest(CACHE_KEY_TAG, NESTED_MARK, frame.contentDigest(hasher).toByteArray());
            if (!cache.contains(nestedKey)) {
                v = n.verifyNested(frame, this);
                if (v != null) {
                    return v;
                }
                cache.add(nestedKey);
            }
        }
        return Verdict.accept(frame);
    }

    private Verdict verifySelfSigned(Message m) {
        if (m instanceof ClientUpdate u) {
            return verifyClientUpdate(u);
        }
        if (m instanceof PoAru a) {
            return verifyPoAru(a);
        }
        return Verdict.reject(RejectReason.UNEXPECTED, "no self-signature rule for " + m.kind());
    }

    private Verdict verifyBatchAuthenticator(Frame frame) {
        int signer = frame.message().batchSigner();
        if (!keys.isReplica(signer)) {
            return Verdict.reject(RejectReason.NOT_A_MEMBER, frame.kind() + " signed by unknown replica " + signer);
        }
        MerkleProof proof = frame.proof();
        Digest root = frame.merkleRoot(hasher);
        byte[] signature = proof.signature();
        WireWriter keyBytes = new WireWriter(2 + Digest.LENGTH);
        keyBytes.u16(signer).digest(root);
        Digest cacheKey = hasher.digest(CACHE_KEY_TAG, keyBytes.toByteArray(), signature);
        if (cache.contains(cacheKey)) {
            return null;
        }
        byte[] signed = DomainTag.signedBytes(DomainTag.MERKLE_ROOT_SIGNATURE, root);
        signatureVerifications++;
        if (!keys.verifyReplica(signer, signed, 0, signed.length, signature)) {
            return Verdict.reject(RejectReason.BAD_SIGNATURE, frame.kind() + " batch signature of replica " + signer);
        }
        cache.add(cacheKey);
        return null;
    }

    /** Checks replica {@code signer}'s partial threshold signature on {@code data}. Null if valid. */
    Verdict verifyPartial(int signer, byte[] data, byte[] partial) {
        if (threshold == null) {
            return Verdict.reject(RejectReason.UNEXPECTED, "this edge has no threshold scheme for VC-PARTIAL-SIG");
        }
        Digest key = hasher.digest(CACHE_KEY_TAG,
                new WireWriter(3 + data.length).bytes(THRESHOLD_MARK).u16(signer).bytes(data).toByteArray(), partial);
        if (cache.contains(key)) {
            return null;
        }
        thresholdVerifications++;
        if (!threshold.verifyPartial(signer, data, partial)) {
            return Verdict.reject(RejectReason.BAD_SIGNATURE, "partial threshold signature of replica " + signer);
        }
        cache.add(key);
        return null;
    }

    /**
     * Checks a combined threshold signature on {@code data}. One VC-PROOF travels in a VC-PROOF from several senders
     * and in the REPLAY: it is checked once, the cache answers the rest. Null if valid.
     */
    Verdict verifyThresholdProof(byte[] data, byte[] proof) {
        if (threshold == null) {
            return Verdict.reject(RejectReason.UNEXPECTED, "this edge has no threshold scheme for a VC-PROOF");
        }
        Digest key = hasher.digest(CACHE_KEY_TAG,
                new WireWriter(3 + data.length).bytes(THRESHOLD_MARK).u16(0xFFFF).bytes(data).toByteArray(), proof);
        if (cache.contains(key)) {
            return null;
        }
        thresholdVerifications++;
        if (!threshold.verify(data, proof)) {
            return Verdict.reject(RejectReason.BAD_SIGNATURE, "VC-PROOF threshold signature");
        }
        cache.add(key);
        return null;
    }

    /** Checks a client's signature on its update. Null if valid. */
    public Verdict verifyClientUpdate(ClientUpdate u) {
        if (!keys.isClient(u.clientId())) {
            return Verdict.reject(RejectReason.NOT_A_MEMBER, "update from unknown client " + u.clientId());
        }
        byte[] signed = u.signedBytes();
        byte[] signature = u.signature();
        Digest cacheKey = selfSignedKey(signed, signature);
        if (cache.contains(cacheKey)) {
            return null;
        }
        signatureVerifications++;
        if (!keys.verifyClient(u.clientId(), signed, 0, signed.length, signature)) {
            return Verdict.reject(RejectReason.BAD_SIGNATURE, "client signature on " + u);
        }
        cache.add(cacheKey);
        return null;
    }

    /**
     * Checks a client's signature without consulting the cache: used inside PO-REQUESTs, where each update arrives
     * once per frame and the frame itself is cached.
     */
    private Verdict verifyClientSignature(ClientUpdate u) {
        if (!keys.isClient(u.clientId())) {
            return Verdict.reject(RejectReason.NOT_A_MEMBER, "update from unknown client " + u.clientId());
        }
        byte[] signed = u.signedBytes();
        signatureVerifications++;
        if (!keys.verifyClient(u.clientId(), signed, 0, signed.length, u.signature())) {
            return Verdict.reject(RejectReason.BAD_SIGNATURE, "client signature on " + u);
        }
        return null;
    }

    /** Checks a PO-ARU's own signature. Null if valid. */
    public Verdict verifyPoAru(PoAru a) {
        if (!keys.isReplica(a.sender())) {
            return Verdict.reject(RejectReason.NOT_A_MEMBER, "PO-ARU from unknown replica " + a.sender());
        }
        if (a.vector().size() != keys.replicaCount()) {
            return Verdict.reject(RejectReason.MALFORMED, "PO-ARU vector of " + a.vector().size() + " entries");
        }
        byte[] signed = a.signedBytes();
        byte[] signature = a.signature();
        Digest cacheKey = selfSignedKey(signed, signature);
        if (cache.contains(cacheKey)) {
            return null;
        }
        signatureVerifications++;
        if (!keys.verifyReplica(a.sender(), signed, 0, signed.length, signature)) {
            return Verdict.reject(RejectReason.BAD_SIGNATURE, "PO-ARU signature of replica " + a.sender());
        }
        cache.add(cacheKey);
        return null;
    }

    Verdict verifyUpdates(PoRequest request) {
        for (ClientUpdate u : request.updates()) {
            Verdict v = verifyClientSignature(u);
            if (v != null) {
                return Verdict.reject(v.reason(), "in " + request + ": " + v.detail());
            }
        }
        return null;
    }

    /** Checks every frame inside a certificate exactly as if it had arrived on its own. Null if all valid. */
    public Verdict verifyCertificate(OrderCertificate certificate) {
        Verdict v = verify(certificate.prePrepare());
        if (!v.accepted()) {
            return Verdict.reject(v.reason(), "in " + certificate + ": " + v.detail());
        }
        for (Frame commit : certificate.commits()) {
            v = verify(commit);
            if (!v.accepted()) {
                return Verdict.reject(v.reason(), "in " + certificate + ": " + v.detail());
            }
        }
        return null;
    }

    /** Checks each frame as if it had arrived alone. Null if all valid. */
    public Verdict verifyFrames(java.util.List<Frame> frames) {
        for (Frame f : frames) {
            Verdict v = verify(f);
            if (!v.accepted()) {
                return v;
            }
        }
        return null;
    }

    /** A reliable-broadcast payload: a REPORT needs nothing more; a PC-SET's certificate frames must all verify. */
    Verdict verifyRbPayload(Frame payload) {
        if (payload.message() instanceof PcSet pc) {
            Verdict v = verify(pc.prePrepare());
            if (!v.accepted()) {
                return v;
            }
            return verifyFrames(pc.prepares());
        }
        return null;
    }

    /** Checks both PO-ARUs of a BLACKLIST-PROOF (§4.2): the accused must have signed each. Null if both valid. */
    public Verdict verifyProof(BlacklistProof proof) {
        Verdict v = verifyPoAru(proof.first());
        if (v == null) {
            v = verifyPoAru(proof.second());
        }
        return v == null ? null : Verdict.reject(v.reason(), "in " + proof + ": " + v.detail());
    }

    /** Checks every PO-ARU of a proof matrix. Null if all valid. */
    public Verdict verifyMatrix(PoAruMatrix matrix) {
        for (int i = 0; i < matrix.size(); i++) {
            PoAru row = matrix.row(i);
            if (row != null) {
                Verdict v = verifyPoAru(row);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    private Digest selfSignedKey(byte[] signed, byte[] signature) {
        return hasher.digest(CACHE_KEY_TAG, signed, signature);
    }
}
