package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

/** REPLAY-COMMIT (§5.3): sent once prepared and once this server collected complete state from every server in the REPLAY's list. It also names the digest of the replay outcome (which PRE-PREPARE or no-op each replayed sequence number is bound to), so that a server that missed the view change can later be shown the outcome with 2f+1 signatures. */
public record ReplayCommit(long view, Digest replayDigest, Digest outcomeDigest, int sender) implements ViewChangeMessage {
    public ReplayCommit {
        Ids.nonNegative(view, "view");
        java.util.Objects.requireNonNull(replayDigest, "replayDigest");
        java.util.Objects.requireNonNull(outcomeDigest, "outcomeDigest");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.REPLAY_COMMIT;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 74;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).digest(replayDigest).digest(outcomeDigest).u16(sender);
    }

    public static ReplayCommit decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        Digest replayDigest = r.digest("replayDigest");
        Digest outcomeDigest = r.digest("outcomeDigest");
        int sender = r.replica("sender", limits.replicaCount());
        return new ReplayCommit(view, replayDigest, outcomeDigest, sender);
    }

    @Override
    public String toString() {
        return "REPLAY-COMMIT(" + "view=" + view + ", " + "replayDigest=" + replayDigest + ", " + "outcomeDigest=" + outcomeDigest + ", " + "sender=" + sender + ")";
    }
}
