package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * Proof of corruption (§5.3): two REPLAY messages for one view, signed by its leader, with different decisions. A
 * correct server that holds or receives such a pair suspects the leader and forwards the pair.
 */
public record ReplayConflict(int sender, Frame first, Frame second) implements Message {
    public ReplayConflict {
        Ids.replica(sender, "sender");
        if (!(first.message() instanceof Replay) || !(second.message() instanceof Replay)) {
            throw new IllegalArgumentException("a replay conflict holds two REPLAYs");
        }
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.REPLAY_CONFLICT;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 10 + first.length() + second.length();
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).blob(first.bytes()).blob(second.bytes());
    }

    public static ReplayConflict decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        Frame[] pair = ConflictPair.decode(r, limits, Replay.class, "replay");
        return new ReplayConflict(sender, pair[0], pair[1]);
    }

    @Override
    public String toString() {
        return "REPLAY-CONFLICT(from " + sender + ": " + first + " / " + second + ")";
    }
}
