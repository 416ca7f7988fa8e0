package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * Reliable broadcast ECHO: {@code sender} echoes the payload it received in the origin's INIT for tag
 * ⟨origin, view, seq⟩. It carries the payload, so a server that did not get the INIT still learns it.
 */
public record RbEcho(int sender, int origin, long view, int seq, Frame payload) implements ViewChangeMessage {
    public RbEcho {
        Ids.replica(sender, "sender");
        Ids.replica(origin, "origin");
        Ids.nonNegative(view, "view");
        Ids.nonNegative(seq, "seq");
        RbPayloads.check(payload);
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.RB_ECHO;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 20 + payload.length();
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).u16(origin).i64(view).u32(seq).blob(payload.bytes());
    }

    public static RbEcho decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        int origin = r.replica("origin", limits.replicaCount());
        long view = r.nonNegative("view");
        int seq = r.count("rb seq", limits.maxListEntries(), 0);
        return new RbEcho(sender, origin, view, seq, RbPayloads.decode(r, limits));
    }

    @Override
    public String toString() {
        return "RB-ECHO(<" + origin + ",v" + view + "," + seq + "> from " + sender + ")";
    }
}
