package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/** ⟨RTT-MEASURE, view, rtt, i⟩σi (Fig. 4, B6-B8): the round-trip time i measured to {@code target}, sent to target so it can bound the turnaround time i would expect of it as leader. */
public record RttMeasure(long view, long rttMicros, int sender, int target) implements Message {
    public RttMeasure {
        Ids.nonNegative(view, "view");
        Ids.nonNegative(rttMicros, "rttMicros");
        Ids.replica(sender, "sender");
        Ids.replica(target, "target");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.RTT_MEASURE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 20;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(rttMicros).u16(sender).u16(target);
    }

    public static RttMeasure decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long rttMicros = r.nonNegative("rttMicros");
        int sender = r.replica("sender", limits.replicaCount());
        int target = r.replica("target", limits.replicaCount());
        return new RttMeasure(view, rttMicros, sender, target);
    }

    @Override
    public String toString() {
        return "RTT-MEASURE(" + "view=" + view + ", " + "rttMicros=" + rttMicros + ", " + "sender=" + sender + ", " + "target=" + target + ")";
    }
}
