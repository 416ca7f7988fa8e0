package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

/** REPLAY-PREPARE (§5.3): agreement on the REPLAY with digest {@code replayDigest}, parallel to PREPARE. */
public record ReplayPrepare(long view, Digest replayDigest, int sender) implements ViewChangeMessage {
    public ReplayPrepare {
        Ids.nonNegative(view, "view");
        java.util.Objects.requireNonNull(replayDigest, "replayDigest");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.REPLAY_PREPARE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 42;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).digest(replayDigest).u16(sender);
    }

    public static ReplayPrepare decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        Digest replayDigest = r.digest("replayDigest");
        int sender = r.replica("sender", limits.replicaCount());
        return new ReplayPrepare(view, replayDigest, sender);
    }

    @Override
    public String toString() {
        return "REPLAY-PREPARE(" + "view=" + view + ", " + "replayDigest=" + replayDigest + ", " + "sender=" + sender + ")";
    }
}
