package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.Arrays;

/**
 * REPLY from a replica to a client after executing its update. A client accepts a result once f+1 replicas sent
 * matching replies (same request number, global sequence number and result), since at least one of them is correct.
 */
public record Reply(int replica, long clientId, long requestNumber, long globalSeq, byte[] result) implements Message {
    public Reply {
        Ids.replica(replica, "replica");
        Ids.client(clientId);
        Ids.nonNegative(requestNumber, "request number");
        Ids.nonNegative(globalSeq, "global seq");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.REPLY;
    }

    @Override
    public int batchSigner() {
        return replica;
    }

    @Override
    public byte[] result() {
        return result.clone();
    }

    /** True if the two replies agree on everything a client compares. */
    public boolean matches(Reply other) {
        return clientId == other.clientId && requestNumber == other.requestNumber && globalSeq == other.globalSeq
                && Arrays.equals(result, other.result);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(replica).u32(clientId).i64(requestNumber).i64(globalSeq).blob(result);
    }

    public static Reply decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int replica = r.replica("replica", limits.replicaCount());
        long client = r.u32("client id");
        long request = r.nonNegative("request number");
        long seq = r.nonNegative("global seq");
        byte[] result = r.blob("result", limits.maxReplyBytes());
        return new Reply(replica, client, request, seq, result);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply x && replica == x.replica && matches(x);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clientId) * 31 + Long.hashCode(requestNumber) + replica;
    }

    @Override
    public String toString() {
        return "REPLY(r" + replica + " -> c" + clientId + "#" + requestNumber + " @" + globalSeq + ")";
    }
}
