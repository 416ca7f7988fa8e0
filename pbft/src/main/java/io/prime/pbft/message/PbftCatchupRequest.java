package io.prime.pbft.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

/**
 * ⟨CATCHUP-REQUEST, v, n, i⟩σi: i is in view v, has executed up to n and is stuck below sequence numbers it has seen;
 * peers answer with {@link CommitCertificate}s above n (and their NEW-VIEW if they are in a later view).
 */
public record PbftCatchupRequest(int sender, long view, long executedSeq) implements Message {
    public PbftCatchupRequest {
        PbftMessages.replica(sender, "sender");
        PbftMessages.nonNegative(view, "view");
        PbftMessages.nonNegative(executedSeq, "executed seq");
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.CATCHUP_REQUEST;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(view).i64(executedSeq);
    }

    public static PbftCatchupRequest decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long view = r.nonNegative("view");
        return new PbftCatchupRequest(sender, view, r.nonNegative("executed seq"));
    }

    @Override
    public String toString() {
        return "PBFT-CATCHUP-REQUEST(from " + sender + ", v" + view + ", executed " + executedSeq + ")";
    }
}
