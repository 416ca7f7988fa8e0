package io.prime.pbft.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.message.AuthKind;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.MessageKind;
import io.prime.core.message.MessageRegistry;
import io.prime.core.message.PrimeMessages;
import io.prime.core.traffic.TrafficClass;

import java.util.ArrayList;
import java.util.List;

/**
 * The PBFT baseline's message kinds, in the wire-id range 100-119 that Prime reserves for it, plus the client UPDATE and
 * REPLY kinds shared with Prime (clients are the same). All server messages are Merkle-batch signed like Prime's.
 */
public final class PbftMessages {
    private PbftMessages() {
    }

    /** Domain tags of the baseline's digests (outside {@link DomainTag}'s range, so none can be replayed as another). */
    public static final byte UPDATE_DIGEST = 0x60;
    public static final byte BATCH_DIGEST = 0x61;
    public static final byte STATE_DIGEST = 0x62;

    public static final MessageKind REQUEST =
            new MessageKind(100, "PBFT-REQUEST", AuthKind.MERKLE_BATCH, TrafficClass.PREORDER, Request::decode);
    public static final MessageKind PRE_PREPARE =
            new MessageKind(101, "PBFT-PRE-PREPARE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, PbftPrePrepare::decode);
    public static final MessageKind PREPARE =
            new MessageKind(102, "PBFT-PREPARE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, PbftPrepare::decode);
    public static final MessageKind COMMIT =
            new MessageKind(103, "PBFT-COMMIT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, PbftCommit::decode);
    public static final MessageKind CHECKPOINT =
            new MessageKind(104, "PBFT-CHECKPOINT", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Checkpoint::decode);
    public static final MessageKind VIEW_CHANGE =
            new MessageKind(105, "PBFT-VIEW-CHANGE", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, ViewChange::decode);
    public static final MessageKind NEW_VIEW =
            new MessageKind(106, "PBFT-NEW-VIEW", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, NewView::decode);
    public static final MessageKind FETCH =
            new MessageKind(107, "PBFT-FETCH", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, Fetch::decode);
    public static final MessageKind CATCHUP_REQUEST =
            new MessageKind(108, "PBFT-CATCHUP-REQUEST", AuthKind.MERKLE_BATCH, TrafficClass.ORDERING, PbftCatchupRequest::decode);
    public static final MessageKind COMMIT_CERTIFICATE =
            new MessageKind(109, "PBFT-COMMIT-CERTIFICATE", AuthKind.MERKLE_BATCH, TrafficClass.RECONCILIATION,
                    CommitCertificate::decode);

    private static final List<MessageKind> KINDS = List.of(PrimeMessages.CLIENT_UPDATE, PrimeMessages.REPLY,
            REQUEST, PRE_PREPARE, PREPARE, COMMIT, CHECKPOINT, VIEW_CHANGE, NEW_VIEW, FETCH, CATCHUP_REQUEST,
            COMMIT_CERTIFICATE);

    private static final class Holder {
        static final MessageRegistry REGISTRY = new MessageRegistry(KINDS);
    }

    /** Every kind a PBFT replica accepts (client UPDATE and REPLY included), in id order. */
    public static List<MessageKind> kinds() {
        return KINDS;
    }

    public static MessageRegistry registry() {
        return Holder.REGISTRY;
    }

    /** D(u): the digest a PRE-PREPARE carries for a client update (its canonical encoding, signature included). */
    public static Digest updateDigest(ClientUpdate update, Hasher hasher) {
        byte[] bytes = FrameCodec.encodeUnsigned(update);
        return hasher.digest(UPDATE_DIGEST, bytes, 0, bytes.length);
    }

    /** D(batch): what PREPAREs and COMMITs name: the digest of the ordered list of update digests. */
    public static Digest batchDigest(List<Digest> digests, Hasher hasher) {
        WireWriter w = new WireWriter(4 + digests.size() * Digest.LENGTH);
        w.u32(digests.size());
        for (Digest d : digests) {
            w.digest(d);
        }
        byte[] bytes = w.toByteArray();
        return hasher.digest(BATCH_DIGEST, bytes, 0, bytes.length);
    }

    // ------------------------------------------------------------------ shared encoding helpers

    static void writeDigests(WireWriter w, List<Digest> digests) {
        w.u32(digests.size());
        for (Digest d : digests) {
            w.digest(d);
        }
    }

    static List<Digest> readDigests(WireReader r, WireLimits limits, String field) throws MalformedFrameException {
        int count = r.count(field, limits.maxListEntries(), Digest.LENGTH);
        List<Digest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(r.digest(field));
        }
        return List.copyOf(out);
    }

    static void writeUpdates(WireWriter w, List<ClientUpdate> updates) {
        w.u32(updates.size());
        for (ClientUpdate u : updates) {
            u.encodeBody(w);
        }
    }

    static List<ClientUpdate> readUpdates(WireReader r, WireLimits limits) throws MalformedFrameException {
        int count = r.count("updates", limits.maxUpdatesPerPoRequest(), ClientUpdate.MIN_BYTES);
        List<ClientUpdate> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ClientUpdate.decode(r, limits));
        }
        return List.copyOf(out);
    }

    static void writeFrames(WireWriter w, List<Frame> frames) {
        w.u32(frames.size());
        for (Frame f : frames) {
            w.blob(f.bytes());
        }
    }

    static int framesSize(List<Frame> frames) {
        int size = 4;
        for (Frame f : frames) {
            size += 4 + f.length();
        }
        return size;
    }

    /** Reads nested frames, each of which must be of {@code kind}; at most {@code max} of them. */
    static List<Frame> readFrames(WireReader r, WireLimits limits, int max, MessageKind kind, String field)
            throws MalformedFrameException {
        int count = r.count(field, max, 4);
        FrameCodec nested = new FrameCodec(registry(), limits);
        List<Frame> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Frame f = nested.decode(r.blob(field, limits.maxFrameBytes()));
            if (f.kind() != kind) {
                throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                        field + " holds a " + f.kind() + ", expected " + kind);
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    /** Reads one nested frame (a blob) of {@code kind}, as a one-element list. */
    static List<Frame> readFramesFromBlob(WireReader r, WireLimits limits, MessageKind kind, String field)
            throws MalformedFrameException {
        Frame f = new FrameCodec(registry(), limits).decode(r.blob(field, limits.maxFrameBytes()));
        if (f.kind() != kind) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    field + " holds a " + f.kind() + ", expected " + kind);
        }
        return List.of(f);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    static int replica(int id, String field) {
        check(id >= 0 && id < WireLimits.MAX_REPLICAS, field + " " + id + " is not a replica id");
        return id;
    }

    static long nonNegative(long v, String field) {
        check(v >= 0, field + " must be >= 0: " + v);
        return v;
    }
}
