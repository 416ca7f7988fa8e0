package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.Arrays;

/**
 * ⟨REPLAY, v, ids, startSeq, p, l⟩σl (§5.3, replay phase): the leader of view v commits to the state of the servers
 * in {@code ids}: every sequence number from the highest execution ARU they reported up to startSeq-1 is bound to the
 * Prepare-Certificate from the highest view they reported for it, or to a no-op. {@code proof} is the VC-PROOF's
 * threshold signature. The REPLAY is the only message of the view change that depends on the leader.
 */
public record Replay(long view, long ids, long startSeq, byte[] proof, int leader) implements ViewChangeMessage {
    public Replay {
        Ids.nonNegative(view, "view");
        Ids.mask(ids);
        Ids.positive(startSeq, "start seq");
        Ids.replica(leader, "leader");
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    /** Same view, list and start: the leader's decision (the proof bytes aside). */
    public boolean sameDecision(Replay other) {
        return view == other.view && ids == other.ids && startSeq == other.startSeq;
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.REPLAY;
    }

    @Override
    public int batchSigner() {
        return leader;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(ids).i64(startSeq).shortBlob(proof).u16(leader);
    }

    public static Replay decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long ids = Ids.mask(r.i64("ids"), limits.replicaCount());
        long start = r.nonNegative("start seq");
        byte[] proof = r.shortBlob("threshold signature", limits.maxSignatureBytes());
        return new Replay(view, ids, start, proof, r.replica("leader", limits.replicaCount()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Replay p && sameDecision(p) && leader == p.leader && Arrays.equals(proof, p.proof);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(view) * 31 + Long.hashCode(ids) + Long.hashCode(startSeq);
    }

    @Override
    public String toString() {
        return "REPLAY(v" + view + ", ids " + Long.toBinaryString(ids) + ", start " + startSeq + ", leader " + leader + ")";
    }
}
