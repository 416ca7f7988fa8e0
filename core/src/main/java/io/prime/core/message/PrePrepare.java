package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * ⟨PRE-PREPARE, v, seq, pm, l⟩σl (paper §4.1, Global Ordering Phase): the leader proposes its Last_PO_Aru, a proof
 * matrix, for global sequence number {@code seq} (>= 1) in view {@code view}. Flooded by every correct server on
 * first receipt (§4.2, PRE-PREPARE flooding).
 */
public record PrePrepare(long view, long seq, int leader, PoAruMatrix matrix) implements Message {
    public PrePrepare {
        Ids.nonNegative(view, "view");
        Ids.positive(seq, "global seq");
        Ids.replica(leader, "leader");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PRE_PREPARE;
    }

    @Override
    public int batchSigner() {
        return leader;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(seq).u16(leader);
        matrix.encode(w);
    }

    public static PrePrepare decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long seq = r.nonNegative("seq");
        if (seq < 1) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "global seq must be >= 1");
        }
        int leader = r.replica("leader", limits.replicaCount());
        return new PrePrepare(view, seq, leader, PoAruMatrix.decode(r, limits));
    }

    @Override
    public String toString() {
        return "PRE-PREPARE(v" + view + ", seq " + seq + ", leader " + leader + ")";
    }
}
