package io.prime.sim;

import io.prime.core.crypto.Signer;

/** Counts signatures so the simulator can charge their CPU cost in virtual time. */
final class MeteredSigner implements Signer {
    private final Signer delegate;
    private long signatures;

    MeteredSigner(Signer delegate) {
        this.delegate = delegate;
    }

    @Override
    public int signatureLength() {
        return delegate.signatureLength();
    }

    @Override
    public byte[] sign(byte[] data, int offset, int length) {
        signatures++;
        return delegate.sign(data, offset, length);
    }

    long takeSignatures() {
        long s = signatures;
        signatures = 0;
        return s;
    }
}
