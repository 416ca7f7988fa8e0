package io.prime.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A cheap, deterministic stand-in for real signatures, for the simulator and tests only: a signature is
 * SHA-256(secret || data) stretched to the configured length, and the "public key" is the secret itself. It is NOT
 * secure outside a simulation (anyone with the key directory could forge), which is fine where every signer is our own
 * code and faulty replicas only ever hold their own {@link Signer}. The simulator charges the modelled cost of a real
 * signature (RSA-1024 in the paper's testbed, Ed25519 on a LAN) in virtual time, and the configurable length keeps the
 * bytes on the wire realistic.
 */
public final class SimulatedSignatureScheme implements SignatureScheme {
    private static final int KEY_LENGTH = 32;
    private final int signatureLength;
    private final MessageDigest prototype;

    public SimulatedSignatureScheme(int signatureLength) {
        if (signatureLength < 16 || signatureLength > 512) {
            throw new IllegalArgumentException("signature length must be in [16, 512]: " + signatureLength);
        }
        this.signatureLength = signatureLength;
        try {
            this.prototype = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "simulated-" + signatureLength;
    }

    @Override
    public int publicKeyLength() {
        return KEY_LENGTH;
    }

    @Override
    public int privateKeyLength() {
        return KEY_LENGTH;
    }

    @Override
    public int signatureLength() {
        return signatureLength;
    }

    @Override
    public KeyPair keyPairFromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("seed must be " + KEY_LENGTH + " bytes");
        }
        return new KeyPair(seed, seed);
    }

    @Override
    public Signer signer(byte[] privateKey) {
        byte[] secret = checkKey(privateKey);
        return new Signer() {
            @Override
            public int signatureLength() {
                return signatureLength;
            }

            @Override
            public byte[] sign(byte[] data, int offset, int length) {
                return compute(secret, data, offset, length);
            }
        };
    }

    @Override
    public PublicKeyVerifier verifier(byte[] publicKey) {
        byte[] secret = checkKey(publicKey);
        return (data, offset, length, signature) ->
                signature != null && signature.length == signatureLength
                        && MessageDigest.isEqual(compute(secret, data, offset, length), signature);
    }

    private static byte[] checkKey(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes, got " + key.length);
        }
        return key.clone();
    }

    private byte[] compute(byte[] secret, byte[] data, int offset, int length) {
        MessageDigest md;
        try {
            md = (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        md.update(secret);
        md.update(data, offset, length);
        byte[] block = md.digest();
        if (signatureLength <= block.length) {
            return Arrays.copyOf(block, signatureLength);
        }
        byte[] out = new byte[signatureLength];
        for (int at = 0; at < signatureLength; at += block.length) {
            System.arraycopy(block, 0, out, at, Math.min(block.length, signatureLength - at));
            md.update(block);
            block = md.digest();
        }
        return out;
    }
}
