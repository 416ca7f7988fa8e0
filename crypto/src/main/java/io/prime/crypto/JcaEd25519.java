package io.prime.crypto;

import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.Signer;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Ed25519 through a JCA provider's {@code Signature.getInstance("Ed25519", provider)}. Keys are always built by the
 * JDK's own SunEC key factory from the raw 32-byte forms; the JDK and ACCP signature engines both accept them.
 *
 * <p>The provider is passed explicitly, never looked up by priority, so that installing some other provider globally
 * can never silently change which code signs.
 */
abstract class JcaEd25519 implements SignatureScheme {
    private static final String ALGORITHM = "Ed25519";

    private final Provider provider;

    JcaEd25519(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** The JDK's EdDSA provider; its key factory turns raw key bytes into key objects for every JCA scheme. */
    static Provider sunEc() {
        Provider sunEc = Security.getProvider("SunEC");
        if (sunEc == null) {
            throw new IllegalStateException("the SunEC provider is not installed in this JDK");
        }
        return sunEc;
    }

    final Provider provider() {
        return provider;
    }

    @Override
    public final int publicKeyLength() {
        return Ed25519Support.PUBLIC_KEY_LENGTH;
    }

    @Override
    public final int privateKeyLength() {
        return Ed25519Support.PRIVATE_KEY_LENGTH;
    }

    @Override
    public final int signatureLength() {
        return Ed25519Support.SIGNATURE_LENGTH;
    }

    @Override
    public final KeyPair keyPairFromSeed(byte[] seed) {
        // Derivation is a one-off; sharing it makes keys identical across schemes by construction.
        return new KeyPair(Ed25519Support.publicKeyFromSeed(seed), seed);
    }

    @Override
    public final Signer signer(byte[] privateKey) {
        Ed25519Support.requireLength(privateKey, Ed25519Support.PRIVATE_KEY_LENGTH, "private key");
        try {
            PrivateKey key = KeyFactory.getInstance(ALGORITHM, sunEc())
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, privateKey));
            Signature signature = Signature.getInstance(ALGORITHM, provider);
            signature.initSign(key);
            return new JcaSigner(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name() + ": cannot create a signer", e);
        }
    }

    @Override
    public final PublicKeyVerifier verifier(byte[] publicKey) {
        Ed25519Support.validatePublicKey(publicKey);
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM, sunEc())
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, toPoint(publicKey)));
            return new JcaVerifier(provider, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name() + ": cannot create a verifier", e);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    /** RFC 8032 §5.1.2 encoding: y little-endian in bits 0..254, the parity of x in bit 255. */
    static EdECPoint toPoint(byte[] encoded) {
        byte[] bigEndian = new byte[Ed25519Support.PUBLIC_KEY_LENGTH];
        for (int i = 0; i < bigEndian.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    }

    private static final class JcaSigner implements Signer {
        private final Signature signature;

        JcaSigner(Signature signature) {
            this.signature = signature;
        }

        @Override
        public int signatureLength() {
            return Ed25519Support.SIGNATURE_LENGTH;
        }

        @Override
        public byte[] sign(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            try {
                signature.update(data, offset, length);
                return signature.sign(); // sign() resets the engine for the next message, same key
            } catch (SignatureException e) {
                throw new IllegalStateException("Ed25519 signing failed in " + signature.getProvider().getName(), e);
            }
        }
    }

    /**
     * Thread-safe verifier. A JCA Signature is stateful, so each concurrent verification borrows its own initialised
     * engine from a pool; the pool grows to the peak number of threads verifying this key at once and no further.
     */
    private static final class JcaVerifier implements PublicKeyVerifier {
        private final Provider provider;
        private final PublicKey key;
        private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

        JcaVerifier(Provider provider, PublicKey key) throws GeneralSecurityException {
            this.provider = provider;
            this.key = key;
            idle.add(newEngine()); // fail at construction, not on the first message, if the provider rejects the key
        }

        private Signature newEngine() throws GeneralSecurityException {
            Signature engine = Signature.getInstance(ALGORITHM, provider);
            engine.initVerify(key);
            return engine;
        }

        @Override
        public boolean verify(byte[] data, int offset, int length, byte[] signature) {
            if (!Ed25519Support.precheck(data, offset, length, signature)) {
                return false;
            }
            Signature engine = idle.poll();
            try {
                if (engine == null) {
                    engine = newEngine();
                }
                engine.update(data, offset, length);
                boolean valid = engine.verify(signature); // verify() resets the engine to "initialised for key"
                idle.offer(engine);
                return valid;
            } catch (GeneralSecurityException | RuntimeException e) {
                // Malformed input never escapes as an exception. The engine's state is unknown now: drop it.
                return false;
            }
        }
    }
}
