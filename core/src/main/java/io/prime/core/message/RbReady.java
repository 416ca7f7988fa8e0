package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

/** Reliable broadcast READY: {@code sender} is ready to deliver the payload with digest {@code payloadDigest} for tag ⟨origin, view, seq⟩ (after 2f+1 matching ECHOs or f+1 READYs). */
public record RbReady(int sender, int origin, long view, int seq, Digest payloadDigest) implements ViewChangeMessage {
    public RbReady {
        Ids.replica(sender, "sender");
        Ids.replica(origin, "origin");
        Ids.nonNegative(view, "view");
        Ids.nonNegative(seq, "seq");
        java.util.Objects.requireNonNull(payloadDigest, "payloadDigest");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.RB_READY;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 48;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).u16(origin).i64(view).u32(seq).digest(payloadDigest);
    }

    public static RbReady decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        int origin = r.replica("origin", limits.replicaCount());
        long view = r.nonNegative("view");
        int seq = r.count("seq", limits.maxListEntries(), 0);
        Digest payloadDigest = r.digest("payloadDigest");
        return new RbReady(sender, origin, view, seq, payloadDigest);
    }

    @Override
    public String toString() {
        return "RB-READY(" + "sender=" + sender + ", " + "origin=" + origin + ", " + "view=" + view + ", " + "seq=" + seq + ", " + "payloadDigest=" + payloadDigest + ")";
    }
}
