package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.DomainTag;

import java.util.Arrays;

/**
 * A client's UPDATE: an operation for the replicated state machine, signed by the client (paper §2, VALIDITY: only
 * updates proposed by a client may be executed). Identified by (clientId, requestNumber); executed at most once.
 * Arrays are owned by the record: callers must not modify what they pass in.
 */
public record ClientUpdate(long clientId, long requestNumber, byte[] payload, byte[] signature) implements Message {
    /** Smallest encoding: client id, request number, payload length, signature length. */
    public static final int MIN_BYTES = 4 + 8 + 4 + 2;

    public ClientUpdate {
        Ids.client(clientId);
        Ids.nonNegative(requestNumber, "request number");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.CLIENT_UPDATE;
    }

    @Override
    public int batchSigner() {
        return -1;
    }

    /** The bytes the client signs: tag, client id, request number, payload. */
    public static byte[] signedBytes(long clientId, long requestNumber, byte[] payload) {
        WireWriter w = new WireWriter(1 + 4 + 8 + 4 + payload.length);
        w.u8(DomainTag.CLIENT_UPDATE_SIGNATURE).u32(clientId).i64(requestNumber).blob(payload);
        return w.toByteArray();
    }

    public byte[] signedBytes() {
        return signedBytes(clientId, requestNumber, payload);
    }

    public UpdateId id() {
        return new UpdateId(clientId, requestNumber);
    }

    public int payloadLength() {
        return payload.length;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public int sizeHint() {
        return MIN_BYTES + payload.length + signature.length;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u32(clientId).i64(requestNumber).blob(payload).shortBlob(signature);
    }

    public static ClientUpdate decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long client = r.u32("client id");
        long request = r.nonNegative("request number");
        byte[] payload = r.blob("payload", limits.maxUpdatePayloadBytes());
        byte[] signature = r.shortBlob("client signature", limits.maxSignatureBytes());
        return new ClientUpdate(client, request, payload, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ClientUpdate u && clientId == u.clientId && requestNumber == u.requestNumber
                && Arrays.equals(payload, u.payload) && Arrays.equals(signature, u.signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clientId) * 31 + Long.hashCode(requestNumber);
    }

    @Override
    public String toString() {
        return "UPDATE(c" + clientId + "#" + requestNumber + ", " + payload.length + "B)";
    }
}
