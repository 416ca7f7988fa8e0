package io.prime.pbft.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

import java.util.List;

/**
 * ⟨PRE-PREPARE, v, n, D(u1)..D(uk), l⟩σl (paper §3): the leader of view v assigns sequence number n to a batch of
 * client updates, named by their digests (the BFT optimisation of §7). An empty batch is PBFT's null request, used by a
 * NEW-VIEW to fill a gap.
 */
public record PbftPrePrepare(long view, long seq, int leader, List<Digest> digests) implements Message {
    public PbftPrePrepare {
        PbftMessages.nonNegative(view, "view");
        PbftMessages.check(seq >= 1, "seq must be >= 1: " + seq);
        PbftMessages.replica(leader, "leader");
        digests = List.copyOf(digests);
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.PRE_PREPARE;
    }

    @Override
    public int batchSigner() {
        return leader;
    }

    @Override
    public int sizeHint() {
        return 24 + digests.size() * Digest.LENGTH;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(seq).u16(leader);
        PbftMessages.writeDigests(w, digests);
    }

    public static PbftPrePrepare decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long seq = r.nonNegative("seq");
        int leader = r.replica("leader", limits.replicaCount());
        return new PbftPrePrepare(view, seq, leader, PbftMessages.readDigests(r, limits, "update digests"));
    }

    @Override
    public String toString() {
        return "PBFT-PRE-PREPARE(v" + view + ", seq " + seq + ", leader " + leader + ", " + digests.size() + " updates)";
    }
}
