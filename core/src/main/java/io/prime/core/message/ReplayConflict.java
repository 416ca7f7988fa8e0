package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
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
        FrameCodec nested = new FrameCodec(PrimeMessages.registry(), limits);
        Frame a = nested.decode(r.blob("first replay", limits.maxFrameBytes()));
        Frame b = nested.decode(r.blob("second replay", limits.maxFrameBytes()));
        if (!(a.message() instanceof Replay) || !(b.message() instanceof Replay)) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "replay conflict of a " + a.kind() + " and a " + b.kind());
        }
        return new ReplayConflict(sender, a, b);
    }

    @Override
    public String toString() {
        return "REPLAY-CONFLICT(from " + sender + ": " + first + " / " + second + ")";
    }
}
