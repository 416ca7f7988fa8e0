package io.prime.core.edge;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;

/** The outcome of checking one inbound frame: a verified frame, or why it was refused. */
public record Verdict(Frame frame, RejectReason reason, String detail) {
    public static Verdict accept(Frame frame) {
        return new Verdict(frame, null, null);
    }

    public static Verdict reject(RejectReason reason, String detail) {
        return new Verdict(null, reason, detail);
    }

    public boolean accepted() {
        return frame != null;
    }
}
