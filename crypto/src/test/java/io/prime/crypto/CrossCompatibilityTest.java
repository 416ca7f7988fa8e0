package io.prime.crypto;

import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.SignatureScheme.KeyPair;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys and signatures are interchangeable: every implementation's signature verifies under every other. */
class CrossCompatibilityTest {
    private static final int[] MESSAGE_LENGTHS = {0, 1, 33, 512, 4096};

    @Test
    void everySignatureIsByteIdenticalAndVerifiesEverywhere() {
        List<SignatureScheme> schemes = TestSchemes.all();
        Random random = new Random(20240611L);
        for (int keyIndex = 0; keyIndex < 3; keyIndex++) {
            KeyPair keys = KeyGeneration.deterministicKeyPair(schemes.get(0), 7L, KeyGeneration.Role.REPLICA, keyIndex);
            for (int length : MESSAGE_LENGTHS) {
                byte[] message = new byte[length];
                random.nextBytes(message);
                byte[] reference = schemes.get(0).signer(keys.privateKey()).sign(message);
                for (SignatureScheme signerScheme : schemes) {
                    assertArrayEquals(keys.publicKey(), signerScheme.keyPairFromSeed(keys.privateKey()).publicKey(),
                            signerScheme + " derives a different public key");
                    byte[] signature = signerScheme.signer(keys.privateKey()).sign(message);
                    assertArrayEquals(reference, signature, signerScheme + " signs differently from " + schemes.get(0));
                    for (SignatureScheme verifierScheme : schemes) {
                        PublicKeyVerifier verifier = verifierScheme.verifier(keys.publicKey());
                        assertTrue(verifier.verify(message, signature),
                                verifierScheme + " rejects a signature by " + signerScheme + " on " + length + " bytes");
                    }
                }
            }
        }
    }

    @Test
    void verifiersAgreeOnRejectionAcrossKeys() {
        List<SignatureScheme> schemes = TestSchemes.all();
        SignatureScheme bc = schemes.get(0);
        KeyPair alice = KeyGeneration.deterministicKeyPair(bc, 1L, KeyGeneration.Role.CLIENT, 0);
        KeyPair bob = KeyGeneration.deterministicKeyPair(bc, 1L, KeyGeneration.Role.CLIENT, 1);
        byte[] message = "PO-REQUEST".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] byAlice = bc.signer(alice.privateKey()).sign(message);
        for (SignatureScheme scheme : schemes) {
            assertFalse(scheme.verifier(bob.publicKey()).verify(message, byAlice), scheme.name());
        }
    }
}
