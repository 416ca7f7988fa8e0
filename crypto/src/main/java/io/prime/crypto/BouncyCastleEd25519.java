package io.prime.crypto;

import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Objects;

/**
 * Ed25519 through BouncyCastle's low-level {@link Ed25519} functions. Pure Java, always available, the fallback.
 *
 * <p>The signer passes the cached public key: the static variant without it recomputes the key on every call and
 * measured twice as slow (65 vs 33 µs). The verifier passes the key decoded once into a {@code PublicPoint}.
 * {@code Ed25519Signer} measured the same speed (it caches the key too); the static functions are used because
 * they sign a slice of a buffer without copying it. Figures: docs/benchmarks.md, BouncyCastleApiBenchmark.
 */
public final class BouncyCastleEd25519 implements SignatureScheme {
    public static final String NAME = "ed25519-bc";

    public BouncyCastleEd25519() {
        Ed25519.precompute(); // builds the base-point tables once, up front, not inside the first signature
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int publicKeyLength() {
        return Ed25519Support.PUBLIC_KEY_LENGTH;
    }

    @Override
    public int privateKeyLength() {
        return Ed25519Support.PRIVATE_KEY_LENGTH;
    }

    @Override
    public int signatureLength() {
        return Ed25519Support.SIGNATURE_LENGTH;
    }

    @Override
    public KeyPair keyPairFromSeed(byte[] seed) {
        return new KeyPair(Ed25519Support.publicKeyFromSeed(seed), seed);
    }

    @Override
    public Signer signer(byte[] privateKey) {
        return new BcSigner(privateKey);
    }

    @Override
    public PublicKeyVerifier verifier(byte[] publicKey) {
        return new BcVerifier(Ed25519Support.validatePublicKey(publicKey));
    }

    @Override
    public String toString() {
        return NAME;
    }

    private static final class BcSigner implements Signer {
        private final byte[] privateKey;
        private final byte[] publicKey;

        BcSigner(byte[] privateKey) {
            Ed25519Support.requireLength(privateKey, Ed25519Support.PRIVATE_KEY_LENGTH, "private key");
            this.privateKey = privateKey.clone();
            this.publicKey = Ed25519Support.publicKeyFromSeed(privateKey);
        }

        @Override
        public int signatureLength() {
            return Ed25519Support.SIGNATURE_LENGTH;
        }

        @Override
        public byte[] sign(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            byte[] signature = new byte[Ed25519Support.SIGNATURE_LENGTH];
            Ed25519.sign(privateKey, 0, publicKey, 0, data, offset, length, signature, 0);
            return signature;
        }
    }

    /** Thread-safe: the static verify keeps all state on the stack and only reads the shared public point. */
    private static final class BcVerifier implements PublicKeyVerifier {
        private final Ed25519.PublicPoint publicPoint;

        BcVerifier(Ed25519.PublicPoint publicPoint) {
            this.publicPoint = publicPoint;
        }

        @Override
        public boolean verify(byte[] data, int offset, int length, byte[] signature) {
            if (!Ed25519Support.precheck(data, offset, length, signature)) {
                return false;
            }
            try {
                return Ed25519.verify(signature, 0, publicPoint, data, offset, length);
            } catch (RuntimeException e) {
                return false; // malformed input must never escape as an exception
            }
        }
    }
}
