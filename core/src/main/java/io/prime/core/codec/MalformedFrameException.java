package io.prime.core.codec;

/**
 * The only exception the decoder throws: the bytes are not a well-formed frame. Decoding is total, so any byte string
 * either yields a message or this typed error with a {@link Reason}, and nothing is allocated beyond what the
 * configured {@link WireLimits} allow.
 */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a frame was refused. Counted per reason by the receiver. */
    public enum Reason {
        /** The frame ends before a field it announces. */
        TRUNCATED,
        /** Bytes left over after the last field: frames have exactly one encoding. */
        TRAILING_BYTES,
        /** Wire format version this build does not speak. */
        UNKNOWN_VERSION,
        /** Message type byte not assigned. */
        UNKNOWN_TYPE,
        /** A length above its configured bound (frame, payload, signature). */
        LENGTH_OUT_OF_BOUNDS,
        /** A count above its configured bound (updates in a PO-REQUEST, entries in a PO-ACK...). */
        COUNT_OUT_OF_BOUNDS,
        /** A field outside its domain: replica id >= N, negative sequence number, bad flag byte... */
        VALUE_OUT_OF_RANGE,
        /** The authenticator is missing where required, or present where the message signs itself. */
        BAD_AUTHENTICATOR
    }

    private final Reason reason;

    public MalformedFrameException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
