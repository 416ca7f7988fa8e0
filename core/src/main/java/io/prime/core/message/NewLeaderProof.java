package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.List;

/**
 * NEW-LEADER-PROOF: 2f+1 signed NEW-LEADER messages for {@code view}, forwarded by a server that preinstalled it so
 * that every correct server preinstalls it too, even one that missed some of the votes.
 */
public record NewLeaderProof(int sender, long view, List<Frame> votes) implements Message {
    public NewLeaderProof {
        Ids.replica(sender, "sender");
        Ids.nonNegative(view, "view");
        for (Frame f : votes) {
            if (!(f.message() instanceof NewLeader)) {
                throw new IllegalArgumentException("proof votes must be NEW-LEADER messages, not " + f.kind());
            }
        }
        votes = List.copyOf(votes);
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.NEW_LEADER_PROOF;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        int size = 14;
        for (Frame f : votes) {
            size += 4 + f.length();
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(view).u32(votes.size());
        for (Frame f : votes) {
            w.blob(f.bytes());
        }
    }

    public static NewLeaderProof decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long view = r.nonNegative("view");
        int count = r.count("votes", limits.replicaCount(), 4);
        FrameCodec nested = new FrameCodec(PrimeMessages.registry(), limits);
        Frame[] votes = new Frame[count];
        for (int i = 0; i < count; i++) {
            votes[i] = nested.decode(r.blob("vote frame", limits.maxFrameBytes()));
            if (!(votes[i].message() instanceof NewLeader)) {
                throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "proof vote is a " + votes[i].kind());
            }
        }
        return new NewLeaderProof(sender, view, List.of(votes));
    }

    @Override
    public String toString() {
        return "NEW-LEADER-PROOF(view " + view + ", " + votes.size() + " votes, from " + sender + ")";
    }
}
