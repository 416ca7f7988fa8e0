package io.prime.pbft.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

/** ⟨PREPARE, v, n, D(batch), i⟩σi (paper §3): a backup accepts the leader's PRE-PREPARE (it holds every body). */
public record PbftPrepare(long view, long seq, int sender, Digest batch) implements Message {
    public PbftPrepare {
        PbftMessages.nonNegative(view, "view");
        PbftMessages.check(seq >= 1, "seq must be >= 1: " + seq);
        PbftMessages.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.PREPARE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(seq).u16(sender).digest(batch);
    }

    public static PbftPrepare decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long seq = r.nonNegative("seq");
        int sender = r.replica("sender", limits.replicaCount());
        return new PbftPrepare(view, seq, sender, r.digest("batch digest"));
    }

    @Override
    public String toString() {
        return "PBFT-PREPARE(v" + view + ", seq " + seq + ", from " + sender + ")";
    }
}
