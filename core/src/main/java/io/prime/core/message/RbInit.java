package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * Byzantine reliable broadcast (Bracha), INIT (§5.2-5.3): {@code origin} reliably broadcasts {@code payload} (a REPORT
 * or PC-SET, as an unauthenticated frame) under the tag ⟨origin, view, seq⟩. Signed by the origin.
 */
public record RbInit(int origin, long view, int seq, Frame payload) implements ViewChangeMessage {
    public RbInit {
        Ids.replica(origin, "origin");
        Ids.nonNegative(view, "view");
        Ids.nonNegative(seq, "seq");
        RbPayloads.check(payload);
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.RB_INIT;
    }

    @Override
    public int batchSigner() {
        return origin;
    }

    @Override
    public int sizeHint() {
        return 18 + payload.length();
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(origin).i64(view).u32(seq).blob(payload.bytes());
    }

    public static RbInit decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int origin = r.replica("origin", limits.replicaCount());
        long view = r.nonNegative("view");
        int seq = r.count("rb seq", limits.maxListEntries(), 0);
        return new RbInit(origin, view, seq, RbPayloads.decode(r, limits));
    }

    @Override
    public String toString() {
        return "RB-INIT(<" + origin + ",v" + view + "," + seq + "> " + payload + ")";
    }
}
