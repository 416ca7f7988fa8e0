package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

/** ⟨COMMIT, v, seq, D(pp), i⟩σi: sent once prepared; 2f+1 matching COMMITs globally order (v, seq) (paper §3, §4.1). */
public record Commit(long view, long seq, int sender, Digest prePrepareDigest) implements Message {
    public Commit {
        Ids.nonNegative(view, "view");
        Ids.positive(seq, "global seq");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.COMMIT;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(seq).u16(sender).digest(prePrepareDigest);
    }

    public static Commit decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long seq = r.nonNegative("seq");
        int sender = r.replica("sender", limits.replicaCount());
        return new Commit(view, seq, sender, r.digest("pre-prepare digest"));
    }

    @Override
    public String toString() {
        return "COMMIT(v" + view + ", seq " + seq + ", from " + sender + ")";
    }
}
