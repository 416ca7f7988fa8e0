package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.Arrays;

/**
 * ⟨VC-PARTIAL-SIG, v, ids, startSeq, pSig, i⟩σi (§5.3, proof generation): server i collected complete state from every
 * server in {@code ids} and contributes its threshold-signature share on ⟨v, ids, startSeq⟩ ({@link VcProof#signedBytes}).
 */
public record VcPartialSig(long view, long ids, long startSeq, byte[] partial, int sender) implements ViewChangeMessage {
    public VcPartialSig {
        Ids.nonNegative(view, "view");
        Ids.mask(ids);
        Ids.positive(startSeq, "start seq");
        Ids.replica(sender, "sender");
    }

    @Override
    public byte[] partial() {
        return partial.clone();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.VC_PARTIAL_SIG;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(ids).i64(startSeq).shortBlob(partial).u16(sender);
    }

    public static VcPartialSig decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long ids = Ids.mask(r.i64("ids"), limits.replicaCount());
        long start = r.nonNegative("start seq");
        byte[] partial = r.shortBlob("partial signature", limits.maxSignatureBytes());
        return new VcPartialSig(view, ids, start, partial, r.replica("sender", limits.replicaCount()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VcPartialSig p && view == p.view && ids == p.ids && startSeq == p.startSeq && sender == p.sender
                && Arrays.equals(partial, p.partial);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(view) * 31 + Long.hashCode(ids) + sender;
    }

    @Override
    public String toString() {
        return "VC-PARTIAL-SIG(v" + view + ", ids " + Long.toBinaryString(ids) + ", start " + startSeq + ", from " + sender + ")";
    }
}
