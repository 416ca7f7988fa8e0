package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/** ⟨TAT-MEASURE, view, max_tat, i⟩σi (Fig. 4, block D): the largest turnaround time the leader has given i in this view. */
public record TatMeasure(long view, long maxTatMicros, int sender) implements Message {
    public TatMeasure {
        Ids.nonNegative(view, "view");
        Ids.nonNegative(maxTatMicros, "maxTatMicros");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.TAT_MEASURE;
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
        w.i64(view).i64(maxTatMicros).u16(sender);
    }

    public static TatMeasure decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long maxTatMicros = r.nonNegative("maxTatMicros");
        int sender = r.replica("sender", limits.replicaCount());
        return new TatMeasure(view, maxTatMicros, sender);
    }

    @Override
    public String toString() {
        return "TAT-MEASURE(" + "view=" + view + ", " + "maxTatMicros=" + maxTatMicros + ", " + "sender=" + sender + ")";
    }
}
