package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/** ⟨RTT-PING, view, ping_seq, i⟩σi (Fig. 4, block B): probes the round-trip time to every server. */
public record RttPing(long view, long pingSeq, int sender) implements Message {
    public RttPing {
        Ids.nonNegative(view, "view");
        Ids.nonNegative(pingSeq, "pingSeq");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.RTT_PING;
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
        w.i64(view).i64(pingSeq).u16(sender);
    }

    public static RttPing decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long pingSeq = r.nonNegative("pingSeq");
        int sender = r.replica("sender", limits.replicaCount());
        return new RttPing(view, pingSeq, sender);
    }

    @Override
    public String toString() {
        return "RTT-PING(" + "view=" + view + ", " + "pingSeq=" + pingSeq + ", " + "sender=" + sender + ")";
    }
}
