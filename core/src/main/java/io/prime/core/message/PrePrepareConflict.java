package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * Proof of corruption (§4.1, §4.2): two PRE-PREPAREs for one view and global sequence number, both signed by that
 * view's leader, with different contents. A correct leader proposes one PRE-PREPARE per sequence number, so the pair
 * proves the leader faulty; flooding makes every correct server see both, like the conflicting REPLAYs of §5.3
 * ({@link ReplayConflict}). A correct server that holds or receives such a pair suspects the leader and forwards the
 * pair once.
 */
public record PrePrepareConflict(int sender, Frame first, Frame second) implements Message {
    public PrePrepareConflict {
        Ids.replica(sender, "sender");
        if (!(first.message() instanceof PrePrepare) || !(second.message() instanceof PrePrepare)) {
            throw new IllegalArgumentException("a PRE-PREPARE conflict holds two PRE-PREPAREs");
        }
    }

    public PrePrepare firstPrePrepare() {
        return (PrePrepare) first.message();
    }

    public PrePrepare secondPrePrepare() {
        return (PrePrepare) second.message();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PRE_PREPARE_CONFLICT;
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

    public static PrePrepareConflict decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        Frame[] pair = ConflictPair.decode(r, limits, PrePrepare.class, "pre-prepare");
        return new PrePrepareConflict(sender, pair[0], pair[1]);
    }

    @Override
    public String toString() {
        return "PRE-PREPARE-CONFLICT(from " + sender + ": " + first + " / " + second + ")";
    }
}
