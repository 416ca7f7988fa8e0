package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/** ⟨TAT-UB, view, α, i⟩σi (Fig. 4, block C): an upper bound α on the turnaround time any correct server would compute for i as leader ({@link Long#MAX_VALUE} for infinity). */
public record TatUb(long view, long alphaMicros, int sender) implements Message {
    public TatUb {
        Ids.nonNegative(view, "view");
        Ids.nonNegative(alphaMicros, "alphaMicros");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.TAT_UB;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 18;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(alphaMicros).u16(sender);
    }

    public static TatUb decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long alphaMicros = r.nonNegative("alphaMicros");
        int sender = r.replica("sender", limits.replicaCount());
        return new TatUb(view, alphaMicros, sender);
    }

    @Override
    public String toString() {
        return "TAT-UB(" + "view=" + view + ", " + "alphaMicros=" + alphaMicros + ", " + "sender=" + sender + ")";
    }
}
