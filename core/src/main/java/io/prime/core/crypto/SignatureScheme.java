package io.prime.core.crypto;

/**
 * A signature algorithm with its key format. Ed25519 implementations live in prime-crypto (BouncyCastle, JDK,
 * Amazon Corretto Crypto Provider); the simulator has a cheap keyed-hash scheme whose cost it models in virtual time.
 */
public interface SignatureScheme {
    /** Stable name used in configuration files, e.g. {@code ed25519}. */
    String name();

    int publicKeyLength();

    int privateKeyLength();

    int signatureLength();

    /**
     * Derives a key pair from {@code seed} ({@link #privateKeyLength()} bytes). Deterministic: callers that want
     * fresh keys pass bytes from a SecureRandom; tests and the simulator pass seeded bytes.
     */
    KeyPair keyPairFromSeed(byte[] seed);

    Signer signer(byte[] privateKey);

    PublicKeyVerifier verifier(byte[] publicKey);

    /** Raw key bytes; the private half never leaves the process that owns it except into a key file. */
    record KeyPair(byte[] publicKey, byte[] privateKey) {
        public KeyPair {
            publicKey = publicKey.clone();
            privateKey = privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }
    }
}
