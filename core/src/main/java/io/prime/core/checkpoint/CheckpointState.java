package io.prime.core.checkpoint;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import io.prime.core.message.PoAruMatrix;

/**
 * The replicated state of a replica right after it executed global sequence number {@code seq} (not in the paper:
 * PBFT's checkpoint state). Everything in it is the same at every correct replica that executed {@code seq}, so its
 * digest is what CHECKPOINT messages agree on:
 *
 * <ul>
 *   <li>{@code executionIndex}: client updates applied so far;
 *   <li>{@code executedPo[o]}: per origin, the highest preorder sequence number executed (M(T_seq) of §4.1);
 *   <li>{@code lastOrderedMatrix}: the matrix of the last PRE-PREPARE at or before {@code seq} (no-ops skipped), the
 *       base of the validity chain of the PRE-PREPAREs that follow (§4.2);
 *   <li>the client table (exactly-once bookkeeping) and the application snapshot.
 * </ul>
 *
 * <p>Encoding (version 1): {@code u8 version, i64 seq, i64 executionIndex, u16 n, n x i64 executedPo, matrix,
 * blob clientTable, blob application}. The client table and the application are encoded canonically, so equal states
 * have equal bytes.
 */
public record CheckpointState(long seq, long executionIndex, long[] executedPo, PoAruMatrix lastOrderedMatrix,
                              byte[] clientTable, byte[] application) {
    private static final int VERSION = 1;

    public CheckpointState {
        executedPo = executedPo.clone();
    }

    @Override
    public long[] executedPo() {
        return executedPo.clone();
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(64 + 8 * executedPo.length + clientTable.length + application.length);
        w.u8(VERSION).i64(seq).i64(executionIndex).u16(executedPo.length);
        for (long v : executedPo) {
            w.i64(v);
        }
        lastOrderedMatrix.encodeTo(w);
        w.blob(clientTable).blob(application);
        return w.toByteArray();
    }

    public static Digest digest(Hasher hasher, byte[] encoded) {
        return hasher.digest(DomainTag.CHECKPOINT_STATE, encoded, new byte[0]);
    }

    /** Decodes a state written by {@link #encode}; anything else is a {@link MalformedFrameException}. */
    public static CheckpointState decode(byte[] encoded, int replicas, int maxBytes) throws MalformedFrameException {
        WireReader r = new WireReader(encoded);
        int version = r.u8("version");
        if (version != VERSION) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "checkpoint state version " + version);
        }
        long seq = r.nonNegative("seq");
        long index = r.nonNegative("execution index");
        int n = r.u16("replicas");
        if (n != replicas) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "checkpoint state for " + n + " replicas, expected " + replicas);
        }
        long[] po = new long[n];
        for (int i = 0; i < n; i++) {
            po[i] = r.nonNegative("executed po");
        }
        PoAruMatrix matrix = PoAruMatrix.decodeFrom(r, WireLimits.defaults(n, 0));
        byte[] clients = r.blob("client table", maxBytes);
        byte[] app = r.blob("application", maxBytes);
        r.expectEnd("checkpoint state");
        return new CheckpointState(seq, index, po, matrix, clients, app);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointState x && seq == x.seq && executionIndex == x.executionIndex
                && java.util.Arrays.equals(executedPo, x.executedPo) && lastOrderedMatrix.equals(x.lastOrderedMatrix)
                && java.util.Arrays.equals(clientTable, x.clientTable) && java.util.Arrays.equals(application, x.application);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Long.hashCode(executionIndex);
    }

    @Override
    public String toString() {
        return "CheckpointState(seq " + seq + ", " + executionIndex + " updates, app " + application.length + " bytes)";
    }
}
