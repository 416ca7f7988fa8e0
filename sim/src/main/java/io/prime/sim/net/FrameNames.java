package io.prime.sim.net;

import io.prime.core.message.MessageKind;
import io.prime.core.message.PrimeMessages;

/** Names frames in traces without decoding them. */
final class FrameNames {
    private static final io.prime.core.message.MessageRegistry REGISTRY = PrimeMessages.registry();

    private FrameNames() {
    }

    static String describe(byte[] bytes) {
        if (bytes.length < 2) {
            return bytes.length + " bytes";
        }
        MessageKind kind = REGISTRY.kind(bytes[1] & 0xFF);
        return (kind == null ? "type " + (bytes[1] & 0xFF) : kind.name()) + " (" + bytes.length + " bytes)";
    }
}
