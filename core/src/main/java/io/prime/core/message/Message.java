package io.prime.core.message;

import io.prime.core.codec.WireWriter;

/**
 * A protocol message body: an immutable value with one canonical binary encoding. The frame around it (version,
 * type, length, authenticator) is handled by {@link io.prime.core.codec.FrameCodec}.
 */
public interface Message {
    MessageKind kind();

    /** Writes the body (without the frame header or authenticator). */
    void encodeBody(WireWriter writer);

    /**
     * The replica whose Merkle-batch signature must authenticate this message, or -1 for {@link AuthKind#SELF_SIGNED}
     * kinds. For a flooded PRE-PREPARE this is the leader, not the server that forwarded it.
     */
    int batchSigner();

    /** An estimate of the encoded body size, so encoding allocates once. */
    default int sizeHint() {
        return 128;
    }
}
