package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/** ⟨VC-LIST, v, L, i⟩σi (§5.3): server i collected complete state from the 2f+1 servers in {@code ids} (bit j for server j). */
public record VcList(long view, long ids, int sender) implements ViewChangeMessage {
    public VcList {
        Ids.nonNegative(view, "view");
        Ids.mask(ids);
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.VC_LIST;
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
        w.i64(view).i64(ids).u16(sender);
    }

    public static VcList decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long ids = Ids.mask(r.i64("ids"), limits.replicaCount());
        int sender = r.replica("sender", limits.replicaCount());
        return new VcList(view, ids, sender);
    }

    @Override
    public String toString() {
        return "VC-LIST(" + "view=" + view + ", " + "ids=" + ids + ", " + "sender=" + sender + ")";
    }
}
