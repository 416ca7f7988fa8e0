package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.List;

/**
 * ORDER-CERTIFICATE: proof that a PRE-PREPARE was globally ordered: the leader's signed PRE-PREPARE and 2f+1 signed
 * COMMITs naming its digest, each frame exactly as its signer sent it. Sent in answer to a {@link CatchupRequest};
 * the receiver's edge checks every signature inside, its core checks the quorum.
 */
public record OrderCertificate(int sender, Frame prePrepare, List<Frame> commits) implements Message {
    public OrderCertificate {
        Ids.replica(sender, "sender");
        if (!(prePrepare.message() instanceof PrePrepare)) {
            throw new IllegalArgumentException("certificate must hold a PRE-PREPARE, not " + prePrepare.kind());
        }
        for (Frame c : commits) {
            if (!(c.message() instanceof Commit)) {
                throw new IllegalArgumentException("certificate votes must be COMMITs, not " + c.kind());
            }
        }
        commits = List.copyOf(commits);
    }

    public PrePrepare prePrepareMessage() {
        return (PrePrepare) prePrepare.message();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.ORDER_CERTIFICATE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        int size = 8 + prePrepare.length();
        for (Frame c : commits) {
            size += 4 + c.length();
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).blob(prePrepare.bytes()).u32(commits.size());
        for (Frame c : commits) {
            w.blob(c.bytes());
        }
    }

    public static OrderCertificate decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        FrameCodec nested = new FrameCodec(PrimeMessages.registry(), limits);
        Frame pp = nested.decode(r.blob("pre-prepare frame", limits.maxFrameBytes()));
        if (!(pp.message() instanceof PrePrepare)) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "certificate holds a " + pp.kind());
        }
        int count = r.count("commit frames", limits.replicaCount(), 4);
        Frame[] commits = new Frame[count];
        for (int i = 0; i < count; i++) {
            commits[i] = nested.decode(r.blob("commit frame", limits.maxFrameBytes()));
            if (!(commits[i].message() instanceof Commit)) {
                throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                        "certificate vote is a " + commits[i].kind());
            }
        }
        return new OrderCertificate(sender, pp, List.of(commits));
    }

    @Override
    public String toString() {
        return "ORDER-CERTIFICATE(from " + sender + ", " + prePrepare + ", " + commits.size() + " commits)";
    }
}
