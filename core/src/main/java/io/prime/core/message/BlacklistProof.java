package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * BLACKLIST-PROOF (paper §4.2, "Blacklisting Servers"): two PO-ARUs signed by the same server, {@link #accused()},
 * neither at least as up-to-date as the other. A correct server always sends consistent PO-ARUs, so the pair proves
 * the accused faulty. The sender broadcasts it when it first finds such a pair; the edge checks both PO-ARU signatures,
 * the core checks the inconsistency (a consistent pair is refused as INVALID).
 */
public record BlacklistProof(int sender, PoAru first, PoAru second) implements Message {
    public BlacklistProof {
        Ids.replica(sender, "sender");
        if (first.sender() != second.sender()) {
            throw new IllegalArgumentException("a proof holds two PO-ARUs of one server, not of " + first.sender()
                    + " and " + second.sender());
        }
    }

    /** The server whose two PO-ARUs these are. */
    public int accused() {
        return first.sender();
    }

    /** Whether the two PO-ARUs are inconsistent (Fig. 1, item 1): what makes this a proof. */
    public boolean provesInconsistency() {
        return !first.consistentWith(second);
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.BLACKLIST_PROOF;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 2 + 2 * (4 + 8 * first.vector().size() + first.signature().length);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender);
        first.encodeBody(w);
        second.encodeBody(w);
    }

    public static BlacklistProof decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        PoAru first = PoAru.decode(r, limits);
        PoAru second = PoAru.decode(r, limits);
        if (first.sender() != second.sender()) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "proof PO-ARUs of servers " + first.sender() + " and " + second.sender());
        }
        return new BlacklistProof(sender, first, second);
    }

    @Override
    public String toString() {
        return "BLACKLIST-PROOF(from " + sender + " against " + accused() + ": " + first.vector() + " vs " + second.vector() + ")";
    }
}
