package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

import java.util.List;

/**
 * ⟨PO-ACK, seq, D(u), o, i⟩σi (paper §4.1), aggregated: one PO-ACK acknowledges several PO-REQUESTs at once, as the
 * original Prime does. A PO-REQUEST and 2f matching acknowledgements form a preorder-certificate.
 */
public record PoAck(int sender, List<Entry> entries) implements Message {
    /** Acknowledges PO-REQUEST (origin, poSeq) whose content digest is {@code digest}. */
    public record Entry(int origin, long poSeq, Digest digest) {
        public Entry {
            Ids.replica(origin, "origin");
            Ids.positive(poSeq, "po seq");
        }

        static final int BYTES = 2 + 8 + Digest.LENGTH;
    }

    public PoAck {
        Ids.replica(sender, "sender");
        entries = List.copyOf(entries);
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PO_ACK;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 6 + entries.size() * Entry.BYTES;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).u32(entries.size());
        for (Entry e : entries) {
            w.u16(e.origin()).i64(e.poSeq()).digest(e.digest());
        }
    }

    public static PoAck decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        int count = r.count("ack entries", limits.maxPoAckEntries(), Entry.BYTES);
        Entry[] entries = new Entry[count];
        for (int i = 0; i < count; i++) {
            int origin = r.replica("origin", limits.replicaCount());
            long seq = r.nonNegative("po seq");
            if (seq < 1) {
                throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "po seq must be >= 1");
            }
            entries[i] = new Entry(origin, seq, r.digest("digest"));
        }
        return new PoAck(sender, List.of(entries));
    }

    @Override
    public String toString() {
        return "PO-ACK(from " + sender + ", " + entries.size() + " entries)";
    }
}
