package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.List;

/**
 * ⟨PC-SET, v, pc, i⟩ (§5.3): one Prepare-Certificate of server i — the leader's signed PRE-PREPARE and 2f signed
 * PREPAREs from other servers naming its digest, exactly as they were sent — for a sequence number i prepared but had
 * not executed when it preinstalled view v. Carried by reliable broadcast with tag ⟨i, v, j⟩, 1 <= j <= numSeq.
 */
public record PcSet(long view, int sender, Frame prePrepare, List<Frame> prepares) implements Message {
    public PcSet {
        Ids.nonNegative(view, "view");
        Ids.replica(sender, "sender");
        if (!(prePrepare.message() instanceof PrePrepare)) {
            throw new IllegalArgumentException("a prepare certificate holds a PRE-PREPARE, not " + prePrepare.kind());
        }
        for (Frame f : prepares) {
            if (!(f.message() instanceof Prepare)) {
                throw new IllegalArgumentException("prepare certificate votes must be PREPAREs, not " + f.kind());
            }
        }
        prepares = List.copyOf(prepares);
    }

    public PrePrepare prePrepareMessage() {
        return (PrePrepare) prePrepare.message();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PC_SET;
    }

    @Override
    public int batchSigner() {
        return -1;
    }

    @Override
    public int sizeHint() {
        int size = 16 + prePrepare.length();
        for (Frame f : prepares) {
            size += 4 + f.length();
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).u16(sender).blob(prePrepare.bytes()).u32(prepares.size());
        for (Frame f : prepares) {
            w.blob(f.bytes());
        }
    }

    public static PcSet decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        int sender = r.replica("sender", limits.replicaCount());
        FrameCodec nested = new FrameCodec(PrimeMessages.registry(), limits);
        Frame pp = nested.decode(r.blob("pre-prepare frame", limits.maxFrameBytes()));
        if (!(pp.message() instanceof PrePrepare)) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "certificate holds a " + pp.kind());
        }
        int count = r.count("prepare frames", limits.replicaCount(), 4);
        Frame[] prepares = new Frame[count];
        for (int i = 0; i < count; i++) {
            prepares[i] = nested.decode(r.blob("prepare frame", limits.maxFrameBytes()));
            if (!(prepares[i].message() instanceof Prepare)) {
                throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "certificate vote is a " + prepares[i].kind());
            }
        }
        return new PcSet(view, sender, pp, List.of(prepares));
    }

    @Override
    public String toString() {
        return "PC-SET(v" + view + ", " + prePrepare + ", " + prepares.size() + " prepares, from " + sender + ")";
    }
}
