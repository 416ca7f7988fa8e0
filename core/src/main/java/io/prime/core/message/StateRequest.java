package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

/**
 * STATE-REQUEST (not in the paper; state transfer): asks one peer for the chunks, from {@code fromChunk} on, of the
 * stable checkpoint state at {@code seq} with digest {@code stateDigest}.
 */
public record StateRequest(int sender, long seq, Digest stateDigest, int fromChunk) implements Message {
    public StateRequest {
        Ids.replica(sender, "sender");
        Ids.positive(seq, "seq");
        java.util.Objects.requireNonNull(stateDigest, "stateDigest");
        if (fromChunk < 0) {
            throw new IllegalArgumentException("fromChunk must be >= 0: " + fromChunk);
        }
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.STATE_REQUEST;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 2 + 8 + Digest.LENGTH + 4;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(seq).digest(stateDigest).u32(fromChunk);
    }

    public static StateRequest decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long seq = r.nonNegative("seq");
        if (seq < 1) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "seq must be >= 1");
        }
        Digest digest = r.digest("state digest");
        long from = r.u32("from chunk");
        if (from > Integer.MAX_VALUE) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "from chunk " + from);
        }
        return new StateRequest(sender, seq, digest, (int) from);
    }

    @Override
    public String toString() {
        return "STATE-REQUEST(from " + sender + ", seq " + seq + ", " + stateDigest.shortHex() + ", chunk " + fromChunk + ")";
    }
}
