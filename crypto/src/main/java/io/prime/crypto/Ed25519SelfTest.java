package io.prime.crypto;

import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A known-answer test run on each implementation before it may be chosen: RFC 8032 §7.1 TEST 3 must derive the
 * right public key, produce the exact signature, verify it, and reject it once one message bit is flipped.
 */
final class Ed25519SelfTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = HEX.parseHex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7");
    private static final byte[] PUBLIC = HEX.parseHex("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025");
    private static final byte[] MESSAGE = HEX.parseHex("af82");
    private static final byte[] SIGNATURE = HEX.parseHex(
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
            + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");

    private Ed25519SelfTest() {
    }

    /** Throws IllegalStateException describing the first check that failed. */
    static void run(SignatureScheme scheme) {
        if (!Arrays.equals(scheme.keyPairFromSeed(SECRET).publicKey(), PUBLIC)) {
            throw new IllegalStateException(scheme.name() + " derived the wrong public key for RFC 8032 TEST 3");
        }
        if (!Arrays.equals(scheme.signer(SECRET).sign(MESSAGE), SIGNATURE)) {
            throw new IllegalStateException(scheme.name() + " produced the wrong signature for RFC 8032 TEST 3");
        }
        PublicKeyVerifier verifier = scheme.verifier(PUBLIC);
        if (!verifier.verify(MESSAGE, SIGNATURE)) {
            throw new IllegalStateException(scheme.name() + " rejected the RFC 8032 TEST 3 signature");
        }
        byte[] tampered = MESSAGE.clone();
        tampered[0] ^= 1;
        if (verifier.verify(tampered, SIGNATURE)) {
            throw new IllegalStateException(scheme.name() + " accepted a signature over a different message");
        }
    }
}
