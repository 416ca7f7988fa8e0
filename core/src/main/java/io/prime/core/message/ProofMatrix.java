package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * ⟨PROOF-MATRIX, pm, i⟩σi (paper §4.2, "Enforcing up-to-date PRE-PREPARE messages"): a non-leader periodically sends
 * its Last_PO_Aru to the leader and expects the next PRE-PREPARE to cover it. The view lets the receiver ignore
 * matrices meant for an earlier leader.
 */
public record ProofMatrix(int sender, long view, PoAruMatrix matrix) implements Message {
    public ProofMatrix {
        Ids.replica(sender, "sender");
        Ids.nonNegative(view, "view");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PROOF_MATRIX;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(view);
        matrix.encode(w);
    }

    public static ProofMatrix decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long view = r.nonNegative("view");
        return new ProofMatrix(sender, view, PoAruMatrix.decode(r, limits));
    }

    @Override
    public String toString() {
        return "PROOF-MATRIX(from " + sender + ", v" + view + ")";
    }
}
