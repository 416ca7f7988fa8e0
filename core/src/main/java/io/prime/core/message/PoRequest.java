package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.List;

/**
 * ⟨PO-REQUEST, seq, u, o⟩σo (paper §4.1, Preordering Phase): origin {@code origin} binds its {@code poSeq}-th
 * preorder slot to a batch of client updates. Preorder identifier: (origin, poSeq), poSeq >= 1.
 */
public record PoRequest(int origin, long poSeq, List<ClientUpdate> updates) implements Message {
    public PoRequest {
        Ids.replica(origin, "origin");
        Ids.positive(poSeq, "po seq");
        updates = List.copyOf(updates);
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PO_REQUEST;
    }

    @Override
    public int batchSigner() {
        return origin;
    }

    @Override
    public int sizeHint() {
        int size = 14;
        for (ClientUpdate u : updates) {
            size += u.sizeHint();
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(origin).i64(poSeq).u32(updates.size());
        for (ClientUpdate u : updates) {
            u.encodeBody(w);
        }
    }

    public static PoRequest decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int origin = r.replica("origin", limits.replicaCount());
        long seq = r.nonNegative("po seq");
        if (seq < 1) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "po seq must be >= 1");
        }
        int count = r.count("updates", limits.maxUpdatesPerPoRequest(), ClientUpdate.MIN_BYTES);
        ClientUpdate[] updates = new ClientUpdate[count];
        for (int i = 0; i < count; i++) {
            updates[i] = ClientUpdate.decode(r, limits);
        }
        return new PoRequest(origin, seq, List.of(updates));
    }

    @Override
    public String toString() {
        return "PO-REQUEST(" + origin + "," + poSeq + ", " + updates.size() + " updates)";
    }
}
