package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

/**
 * CHECKPOINT (not in the paper; PBFT's checkpoint, for bounded logs and state transfer): this replica executed every
 * update up to global sequence number {@code seq} and its replicated state there (application snapshot, client
 * table, execution position; {@link io.prime.core.checkpoint.CheckpointState}) has digest {@code stateDigest}. 2f+1
 * matching CHECKPOINTs make the checkpoint stable: a replica too far behind to catch up from certificates fetches that
 * state and checks it against the digest.
 */
public record Checkpoint(int sender, long seq, Digest stateDigest) implements Message {
    public Checkpoint {
        Ids.replica(sender, "sender");
        Ids.positive(seq, "seq");
        java.util.Objects.requireNonNull(stateDigest, "stateDigest");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.CHECKPOINT;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 2 + 8 + Digest.LENGTH;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(seq).digest(stateDigest);
    }

    public static Checkpoint decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long seq = r.nonNegative("seq");
        if (seq < 1) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "seq must be >= 1");
        }
        return new Checkpoint(sender, seq, r.digest("state digest"));
    }

    @Override
    public String toString() {
        return "CHECKPOINT(from " + sender + ", seq " + seq + ", " + stateDigest.shortHex() + ")";
    }
}
