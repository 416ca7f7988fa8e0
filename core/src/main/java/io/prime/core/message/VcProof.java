package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.DomainTag;

import java.util.Arrays;

/**
 * ⟨VC-PROOF, v, ids, startSeq, p, i⟩σi (§5.3): a threshold signature {@code proof} (2f+1 combined shares) on
 * ⟨v, ids, startSeq⟩: at least f+1 correct servers collected complete state from every server in {@code ids}, so by the
 * properties of reliable broadcast every correct server eventually will. Sent to the new leader, which must answer with
 * a REPLAY within a turnaround time SUSPECT-LEADER judges.
 */
public record VcProof(long view, long ids, long startSeq, byte[] proof, int sender) implements ViewChangeMessage {
    public VcProof {
        Ids.nonNegative(view, "view");
        Ids.mask(ids);
        Ids.positive(startSeq, "start seq");
        Ids.replica(sender, "sender");
    }

    /** The bytes the threshold signature covers: tag, view, ids, startSeq. */
    public static byte[] signedBytes(long view, long ids, long startSeq) {
        return new WireWriter(25).u8(DomainTag.VC_PROOF).i64(view).i64(ids).i64(startSeq).toByteArray();
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.VC_PROOF;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(ids).i64(startSeq).shortBlob(proof).u16(sender);
    }

    public static VcProof decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long ids = Ids.mask(r.i64("ids"), limits.replicaCount());
        long start = r.nonNegative("start seq");
        byte[] proof = r.shortBlob("threshold signature", limits.maxSignatureBytes());
        return new VcProof(view, ids, start, proof, r.replica("sender", limits.replicaCount()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VcProof p && view == p.view && ids == p.ids && startSeq == p.startSeq && sender == p.sender
                && Arrays.equals(proof, p.proof);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(view) * 31 + Long.hashCode(ids);
    }

    @Override
    public String toString() {
        return "VC-PROOF(v" + view + ", ids " + Long.toBinaryString(ids) + ", start " + startSeq + ", from " + sender + ")";
    }
}
