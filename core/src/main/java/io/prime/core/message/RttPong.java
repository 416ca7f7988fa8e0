package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/** ⟨RTT-PONG, view, seq, i⟩σi (Fig. 4, B4-B5): the answer to an RTT-PING, sent to its sender only. */
public record RttPong(long view, long pingSeq, int sender, int target) implements Message {
    public RttPong {
        Ids.nonNegative(view, "view");
        Ids.nonNegative(pingSeq, "pingSeq");
        Ids.replica(sender, "sender");
        Ids.replica(target, "target");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.RTT_PONG;
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
        w.i64(view).i64(pingSeq).u16(sender).u16(target);
    }

    public static RttPong decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long pingSeq = r.nonNegative("pingSeq");
        int sender = r.replica("sender", limits.replicaCount());
        int target = r.replica("target", limits.replicaCount());
        return new RttPong(view, pingSeq, sender, target);
    }

    @Override
    public String toString() {
        return "RTT-PONG(" + "view=" + view + ", " + "pingSeq=" + pingSeq + ", " + "sender=" + sender + ", " + "target=" + target + ")";
    }
}
