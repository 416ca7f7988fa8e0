package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;

/** What reliable broadcast may carry: a REPORT or a PC-SET, as an unauthenticated (CARRIED) frame. */
final class RbPayloads {
    private RbPayloads() {
    }

    static void check(Frame payload) {
        if (!(payload.message() instanceof Report) && !(payload.message() instanceof PcSet)) {
            throw new IllegalArgumentException("reliable broadcast carries a REPORT or PC-SET, not " + payload.kind());
        }
    }

    static Frame decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        Frame payload = new FrameCodec(PrimeMessages.registry(), limits).decode(r.blob("payload frame", limits.maxFrameBytes()));
        if (!(payload.message() instanceof Report) && !(payload.message() instanceof PcSet)) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "reliable broadcast of a " + payload.kind());
        }
        return payload;
    }
}
