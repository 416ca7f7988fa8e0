package io.prime.core.durable;

import io.prime.core.checkpoint.CheckpointState;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.message.AruVector;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;
import io.prime.core.message.MessageRegistry;
import io.prime.core.message.PoRequest;

/**
 * The binary form of {@link DurableRecord}s for a host that writes them to disk (versioned like the wire format,
 * never Java serialization). Decoding is total: bytes either decode to a record or raise
 * {@link MalformedFrameException}, and every size is bounded before anything is allocated.
 *
 * <p>Layout: {@code u8 version (1), u8 type}, then per type: SNAPSHOT {@code bool installed, blob state};
 * REQUEST {@code bool certified, blob unsigned PO-REQUEST}; CERTIFIED {@code u16 origin, i64 poSeq};
 * ORDERED {@code i64 seq, blob unsigned certificate message}; COMMITMENTS {@code i64 votedView, i64 maxVotedSeq,
 * i64 vcView, i64 nextPoSeq, u16 n, n x i64 poAruSent}.
 */
public final class DurableCodec {
    private static final int VERSION = 1;
    private static final int SNAPSHOT = 1;
    private static final int REQUEST = 2;
    private static final int CERTIFIED = 3;
    private static final int ORDERED = 4;
    private static final int COMMITMENTS = 5;

    private final MessageRegistry registry;
    private final WireLimits limits;
    private final int replicas;
    private final int maxStateBytes;

    public DurableCodec(MessageRegistry registry, WireLimits limits, int maxStateBytes) {
        this.registry = registry;
        this.limits = limits;
        this.replicas = limits.replicaCount();
        this.maxStateBytes = maxStateBytes;
    }

    public byte[] encode(DurableRecord record) {
        WireWriter w = new WireWriter(64);
        w.u8(VERSION);
        if (record instanceof DurableRecord.Snapshot s) {
            w.u8(SNAPSHOT).bool(s.installed()).blob(s.encoded());
        } else if (record instanceof DurableRecord.Request r) {
            w.u8(REQUEST).bool(r.certified()).blob(r.encoded());
        } else if (record instanceof DurableRecord.Certified c) {
            w.u8(CERTIFIED).u16(c.origin()).i64(c.poSeq());
        } else if (record instanceof DurableRecord.Ordered o) {
            w.u8(ORDERED).i64(o.seq()).blob(FrameCodec.encodeUnsigned(o.certificate()));
        } else if (record instanceof DurableRecord.Commitments c) {
            w.u8(COMMITMENTS).i64(c.votedView()).i64(c.maxVotedSeq()).i64(c.vcView()).i64(c.nextPoSeq());
            long[] aru = c.poAruSent().toArray();
            w.u16(aru.length);
            for (long v : aru) {
                w.i64(v);
            }
        } else {
            throw new IllegalArgumentException("unknown durable record " + record);
        }
        return w.toByteArray();
    }

    public DurableRecord decode(byte[] bytes) throws MalformedFrameException {
        WireReader r = new WireReader(bytes);
        int version = r.u8("record version");
        if (version != VERSION) {
            throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_VERSION, "durable record version " + version);
        }
        int type = r.u8("record type");
        DurableRecord out;
        switch (type) {
            case SNAPSHOT -> {
                boolean installed = r.bool("installed");
                byte[] encoded = r.blob("state", maxStateBytes);
                out = new DurableRecord.Snapshot(CheckpointState.decode(encoded, replicas, maxStateBytes), encoded, installed);
            }
            case REQUEST -> {
                boolean certified = r.bool("certified");
                byte[] encoded = r.blob("request", limits.maxFrameBytes());
                if (!(decodeUnsigned(encoded) instanceof PoRequest request)) {
                    throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_TYPE, "request record holds no PO-REQUEST");
                }
                out = new DurableRecord.Request(request, encoded, certified);
            }
            case CERTIFIED -> out = new DurableRecord.Certified(r.replica("origin", replicas), r.nonNegative("poSeq"));
            case ORDERED -> {
                long seq = r.nonNegative("seq");
                Message m = decodeUnsigned(r.blob("certificate", limits.maxFrameBytes()));
                try {
                    out = new DurableRecord.Ordered(seq, m);
                } catch (IllegalArgumentException e) {
                    throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_TYPE, e.getMessage());
                }
            }
            case COMMITMENTS -> {
                long votedView = r.i64("voted view");
                long maxVotedSeq = r.nonNegative("max voted seq");
                long vcView = r.i64("view-change view");
                long nextPoSeq = r.nonNegative("next poSeq");
                int n = r.u16("replicas");
                if (n != replicas) {
                    throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                            "commitments for " + n + " replicas, expected " + replicas);
                }
                long[] aru = new long[n];
                for (int i = 0; i < n; i++) {
                    aru[i] = r.nonNegative("po aru");
                }
                out = new DurableRecord.Commitments(votedView, maxVotedSeq, vcView, nextPoSeq, AruVector.of(aru));
            }
            default -> throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_TYPE, "durable record type " + type);
        }
        r.expectEnd("durable record");
        return out;
    }

    /** Decodes a message written by {@link FrameCodec#encodeUnsigned} (header and body, no authenticator). */
    private Message decodeUnsigned(byte[] bytes) throws MalformedFrameException {
        WireReader r = new WireReader(bytes);
        int version = r.u8("version");
        if (version != FrameCodec.VERSION) {
            throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_VERSION, "version " + version);
        }
        int type = r.u8("type");
        MessageKind kind = registry.kind(type);
        if (kind == null) {
            throw new MalformedFrameException(MalformedFrameException.Reason.UNKNOWN_TYPE, "type " + type);
        }
        long length = r.u32("body length");
        if (length != r.remaining()) {
            throw new MalformedFrameException(MalformedFrameException.Reason.TRUNCATED, "body of " + length + " bytes, "
                    + r.remaining() + " present");
        }
        WireReader body = new WireReader(bytes, FrameCodec.HEADER_BYTES, (int) length);
        Message m;
        try {
            m = kind.decoder().decode(body, limits);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, kind + ": " + e.getMessage());
        }
        body.expectEnd(kind + " body");
        return m;
    }
}
