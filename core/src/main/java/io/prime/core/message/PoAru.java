package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.DomainTag;

import java.util.Arrays;

/**
 * ⟨PO-ARU, vec, i⟩σi (paper §4.1): server i's cumulative acknowledgement of preordered updates. It carries its own
 * signature, not a batch authenticator, because it is copied into PROOF-MATRIX and PRE-PREPARE messages and must
 * verify wherever it goes.
 */
public record PoAru(int sender, AruVector vector, byte[] signature) implements Message {
    public PoAru {
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.PO_ARU;
    }

    @Override
    public int batchSigner() {
        return -1;
    }

    /** The bytes server {@code sender} signs. */
    public static byte[] signedBytes(int sender, AruVector vector) {
        WireWriter w = new WireWriter(3 + 8 * vector.size());
        w.u8(DomainTag.PO_ARU_SIGNATURE).u16(sender);
        vector.encode(w);
        return w.toByteArray();
    }

    public byte[] signedBytes() {
        return signedBytes(sender, vector);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Fig. 1, item 1, lifted to messages. */
    public boolean atLeastAsUpToDateAs(PoAru other) {
        return vector.atLeastAsUpToDateAs(other.vector);
    }

    public boolean moreUpToDateThan(PoAru other) {
        return vector.moreUpToDateThan(other.vector);
    }

    public boolean consistentWith(PoAru other) {
        return vector.consistentWith(other.vector);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender);
        vector.encode(w);
        w.shortBlob(signature);
    }

    public static PoAru decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        AruVector vector = AruVector.decode(r, limits.replicaCount());
        byte[] signature = r.shortBlob("po-aru signature", limits.maxSignatureBytes());
        return new PoAru(sender, vector, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoAru p && sender == p.sender && vector.equals(p.vector) && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return sender * 31 + vector.hashCode();
    }

    @Override
    public String toString() {
        return "PO-ARU(" + sender + " " + vector + ")";
    }
}
