package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;

import java.util.Arrays;

/**
 * STATE-CHUNK (not in the paper; state transfer): chunk {@code index} of {@code total} of the encoded checkpoint state
 * at {@code seq}. The receiver trusts nothing in it: the reassembled bytes must hash to the digest that 2f+1
 * CHECKPOINTs named.
 */
public record StateChunk(int sender, long seq, Digest stateDigest, int index, int total, byte[] data) implements Message {
    public StateChunk {
        Ids.replica(sender, "sender");
        Ids.positive(seq, "seq");
        java.util.Objects.requireNonNull(stateDigest, "stateDigest");
        if (total < 1 || index < 0 || index >= total) {
            throw new IllegalArgumentException("chunk " + index + " of " + total);
        }
        data = data.clone();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.STATE_CHUNK;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The bytes without a copy; callers must not modify them. */
    public byte[] dataUnsafe() {
        return data;
    }

    @Override
    public int sizeHint() {
        return 2 + 8 + Digest.LENGTH + 4 + 4 + 4 + data.length;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(seq).digest(stateDigest).u32(index).u32(total).blob(data);
    }

    public static StateChunk decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long seq = r.nonNegative("seq");
        if (seq < 1) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "seq must be >= 1");
        }
        Digest digest = r.digest("state digest");
        long index = r.u32("index");
        long total = r.u32("total");
        if (total < 1 || total > Integer.MAX_VALUE || index >= total) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "chunk " + index + " of " + total);
        }
        byte[] data = r.blob("data", limits.maxBlobBytes());
        return new StateChunk(sender, seq, digest, (int) index, (int) total, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateChunk x && sender == x.sender && seq == x.seq && stateDigest.equals(x.stateDigest)
                && index == x.index && total == x.total && Arrays.equals(data, x.data);
    }

    @Override
    public int hashCode() {
        return ((sender * 31 + Long.hashCode(seq)) * 31 + index) * 31 + total;
    }

    @Override
    public String toString() {
        return "STATE-CHUNK(from " + sender + ", seq " + seq + ", chunk " + index + " of " + total + ", "
                + data.length + " bytes)";
    }
}
