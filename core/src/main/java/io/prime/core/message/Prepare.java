package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

/** ⟨PREPARE, v, seq, D(pp), i⟩σi: a non-leader accepts the leader's PRE-PREPARE for (v, seq) (paper §3, §4.1). */
public record Prepare(long view, long seq, int sender, Digest prePrepareDigest) implements Message {
    public Prepare {
        Ids.nonNegative(view, "view");
        Ids.positive(seq, "global seq");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PREPARE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(seq).u16(sender).digest(prePrepareDigest);
    }

    public static Prepare decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long seq = r.nonNegative("seq");
        int sender = r.replica("sender", limits.replicaCount());
        return new Prepare(view, seq, sender, r.digest("pre-prepare digest"));
    }

    @Override
    public String toString() {
        return "PREPARE(v" + view + ", seq " + seq + ", from " + sender + ")";
    }
}
