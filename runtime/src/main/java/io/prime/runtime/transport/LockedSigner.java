package io.prime.runtime.transport;

import io.prime.core.crypto.Signer;

/** A {@link Signer} safe to share between threads (signers need not be thread-safe). */
public final class LockedSigner implements Signer {
    private final Signer signer;

    public LockedSigner(Signer signer) {
        this.signer = signer;
    }

    @Override
    public int signatureLength() {
        return signer.signatureLength();
    }

    @Override
    public synchronized byte[] sign(byte[] data, int offset, int length) {
        return signer.sign(data, offset, length);
    }
}
