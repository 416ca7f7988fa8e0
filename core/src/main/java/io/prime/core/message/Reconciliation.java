package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;
import io.prime.core.reconcile.erasure.CauchyReedSolomon;

import java.util.Arrays;

/**
 * ⟨RECONCILIATION, o, s, c, part, i⟩σi (paper §4.1, Fig. 3, line A14): part {@code partIndex} of the MDS(2f+1, f+1)
 * erasure code of the PO-REQUEST (o, s), sent by one of the 2f+1 servers whose PO-ARUs acknowledged it to a server that
 * has not. Beyond the paper's fields it names the digest the sender holds as certified for (o, s) (the PO-REQUEST's
 * content digest, header and body) and the encoded length, so a receiver groups parts by claimed content and can strip
 * the code's padding.
 *
 * <p>Domain checks at decoding (N from the limits, f = (N-1)/3): {@code partIndex < 2f+1}; {@code totalLength} at most
 * the frame bound; the part exactly {@code ceil(totalLength / (f+1))} bytes long.
 */
public record Reconciliation(int sender, int origin, long poSeq, Digest requestDigest, int partIndex, int totalLength,
                             byte[] part) implements Message {
    public Reconciliation {
        Ids.replica(sender, "sender");
        Ids.replica(origin, "origin");
        Ids.positive(poSeq, "po seq");
        if (partIndex < 0 || partIndex > 255) {
            throw new IllegalArgumentException("part index must fit in a u8: " + partIndex);
        }
        if (totalLength < 0) {
            throw new IllegalArgumentException("total length must be >= 0: " + totalLength);
        }
        part = part.clone();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.RECONCILIATION;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public byte[] part() {
        return part.clone();
    }

    /** The part without a copy; callers must not modify it. */
    public byte[] partUnsafe() {
        return part;
    }

    @Override
    public int sizeHint() {
        return 2 + 2 + 8 + Digest.LENGTH + 1 + 4 + 4 + part.length;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).u16(origin).i64(poSeq).digest(requestDigest).u8(partIndex).u32(totalLength).blob(part);
    }

    /** f for a configuration of {@code replicas} = 3f+1 servers (rounded down for other sizes). */
    static int faultsOf(int replicas) {
        return (replicas - 1) / 3;
    }

    public static Reconciliation decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int n = limits.replicaCount();
        int f = faultsOf(n);
        int sender = r.replica("sender", n);
        int origin = r.replica("origin", n);
        long poSeq = r.nonNegative("po seq");
        if (poSeq < 1) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "po seq must be >= 1");
        }
        Digest digest = r.digest("request digest");
        int index = r.u8("part index");
        if (index >= 2 * f + 1) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "part index " + index + " is not below 2f+1 = " + (2 * f + 1));
        }
        long total = r.u32("total length");
        if (total > limits.maxFrameBytes()) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "total length " + total + " exceeds the frame bound " + limits.maxFrameBytes());
        }
        byte[] part = r.blob("part", limits.maxBlobBytes());
        int expected = CauchyReedSolomon.partLength((int) total, f + 1);
        if (part.length != expected) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    "part of " + part.length + " bytes for " + total + " encoded bytes, expected " + expected);
        }
        return new Reconciliation(sender, origin, poSeq, digest, index, (int) total, part);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reconciliation x && sender == x.sender && origin == x.origin && poSeq == x.poSeq
                && requestDigest.equals(x.requestDigest) && partIndex == x.partIndex && totalLength == x.totalLength
                && Arrays.equals(part, x.part);
    }

    @Override
    public int hashCode() {
        return ((sender * 31 + origin) * 31 + Long.hashCode(poSeq)) * 31 + partIndex;
    }

    @Override
    public String toString() {
        return "RECONCILIATION(from " + sender + ", (" + origin + ", " + poSeq + ") part " + partIndex + " of "
                + totalLength + " bytes, " + requestDigest.shortHex() + ")";
    }
}
