package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;

/** The wire form shared by the proofs of corruption that hold two signed frames of one kind (two REPLAYs, two PRE-PREPAREs). */
final class ConflictPair {
    private ConflictPair() {
    }

    /**
     * Decodes the two nested frames of a conflict; both must hold a {@code type}. {@code name} names them in errors
     * ("replay" reads "first replay", "replay conflict of a ...").
     */
    static Frame[] decode(WireReader r, WireLimits limits, Class<? extends Message> type, String name)
            throws MalformedFrameException {
        FrameCodec nested = new FrameCodec(PrimeMessages.registry(), limits);
        Frame a = nested.decode(r.blob("first " + name, limits.maxFrameBytes()));
        Frame b = nested.decode(r.blob("second " + name, limits.maxFrameBytes()));
        if (!type.isInstance(a.message()) || !type.isInstance(b.message())) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                    name + " conflict of a " + a.kind() + " and a " + b.kind());
        }
        return new Frame[]{a, b};
    }
}
