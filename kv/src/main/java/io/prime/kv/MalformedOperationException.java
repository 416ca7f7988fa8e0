package io.prime.kv;

/** An update payload that is not a valid KV operation; the store answers it with a MALFORMED result. */
public final class MalformedOperationException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedOperationException(String message) {
        super(message, null, false, false);
    }
}
