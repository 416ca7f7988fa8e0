package io.prime.crypto;

import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.SignatureScheme.KeyPair;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything that must fail does, and malformed input never throws out of verify. */
class NegativeCasesTest {
    private static final BigInteger ORDER =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private static final byte[] MESSAGE = "COMMIT view=3 seq=42".getBytes(StandardCharsets.US_ASCII);

    static List<SignatureScheme> schemes() {
        return TestSchemes.all();
    }

    private static KeyPair keys(SignatureScheme scheme) {
        return KeyGeneration.deterministicKeyPair(scheme, 99L, KeyGeneration.Role.REPLICA, 0);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void everyFlippedBitOfTheDataFails(SignatureScheme scheme) {
        KeyPair keys = keys(scheme);
        byte[] signature = scheme.signer(keys.privateKey()).sign(MESSAGE);
        PublicKeyVerifier verifier = scheme.verifier(keys.publicKey());
        for (int bit = 0; bit < MESSAGE.length * 8; bit++) {
            byte[] tampered = MESSAGE.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(verifier.verify(tampered, signature), "data bit " + bit);
        }
        assertTrue(verifier.verify(MESSAGE, signature), "the verifier still works after many failures");
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void everyFlippedBitOfTheSignatureFails(SignatureScheme scheme) {
        KeyPair keys = keys(scheme);
        byte[] signature = scheme.signer(keys.privateKey()).sign(MESSAGE);
        PublicKeyVerifier verifier = scheme.verifier(keys.publicKey());
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] tampered = signature.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(verifier.verify(MESSAGE, tampered), "signature bit " + bit);
        }
        assertTrue(verifier.verify(MESSAGE, signature));
    }

    /**
     * A flipped key bit gives either an encoding we refuse at construction (IllegalArgumentException) or another valid
     * key under which the signature must fail. Both outcomes occur among the 256 flips, so both paths are exercised.
     */
    @ParameterizedTest
    @MethodSource("schemes")
    void everyFlippedBitOfThePublicKeyFails(SignatureScheme scheme) {
        KeyPair keys = keys(scheme);
        byte[] signature = scheme.signer(keys.privateKey()).sign(MESSAGE);
        int refused = 0;
        int rejected = 0;
        for (int bit = 0; bit < 256; bit++) {
            byte[] tampered = keys.publicKey();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            PublicKeyVerifier verifier;
            try {
                verifier = scheme.verifier(tampered);
            } catch (IllegalArgumentException e) {
                refused++;
                continue;
            }
            assertFalse(verifier.verify(MESSAGE, signature), "key bit " + bit);
            rejected++;
        }
        assertTrue(refused > 0 && rejected > 0, "refused " + refused + ", rejected " + rejected);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void wrongLengthSignaturesReturnFalse(SignatureScheme scheme) {
        KeyPair keys = keys(scheme);
        byte[] signature = scheme.signer(keys.privateKey()).sign(MESSAGE);
        PublicKeyVerifier verifier = scheme.verifier(keys.publicKey());
        for (int length : new int[] {0, 1, 32, 63, 65, 96, 128}) {
            byte[] wrong = Arrays.copyOf(signature, length); // a real signature's prefix, or padded with zeros
            assertFalse(verifier.verify(MESSAGE, wrong), "length " + length);
        }
        assertFalse(verifier.verify(MESSAGE, null));
        assertFalse(verifier.verify(MESSAGE, new byte[64]), "all-zero signature");
        assertTrue(verifier.verify(MESSAGE, signature));
    }

    /** S + L is the same scalar mod L; RFC 8032 requires rejecting it, and all implementations must agree. */
    @ParameterizedTest
    @MethodSource("schemes")
    void nonCanonicalScalarIsRejected(SignatureScheme scheme) {
        KeyPair keys = keys(scheme);
        byte[] signature = scheme.signer(keys.privateKey()).sign(MESSAGE);
        byte[] malleated = signature.clone();
        byte[] s = littleEndian(fromLittleEndian(signature, 32).add(ORDER));
        System.arraycopy(s, 0, malleated, 32, 32);
        assertFalse(Arrays.equals(signature, malleated));
        assertFalse(scheme.verifier(keys.publicKey()).verify(MESSAGE, malleated));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void smallOrderAndNonCanonicalPublicKeysAreRefused(SignatureScheme scheme) {
        HexFormat hex = HexFormat.of();
        // The neutral element (0, 1), and y = p (a non-canonical encoding of y = 0), from "Taming the many EdDSAs".
        byte[] identity = hex.parseHex("0100000000000000000000000000000000000000000000000000000000000000");
        byte[] nonCanonical = hex.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertFalse(Ed25519.validatePublicKeyFull(identity, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scheme.verifier(identity));
        assertTrue(e.getMessage().contains("not a valid Ed25519 public key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scheme.verifier(nonCanonical));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void badKeyLengthsThrowIllegalArgumentWithAMessage(SignatureScheme scheme) {
        for (int length : new int[] {0, 31, 33, 64}) {
            byte[] key = new byte[length];
            IllegalArgumentException signer = assertThrows(IllegalArgumentException.class, () -> scheme.signer(key));
            assertEquals("Ed25519 private key must be 32 bytes, got " + length, signer.getMessage());
            IllegalArgumentException verifier = assertThrows(IllegalArgumentException.class, () -> scheme.verifier(key));
            assertEquals("Ed25519 public key must be 32 bytes, got " + length, verifier.getMessage());
            assertThrows(IllegalArgumentException.class, () -> scheme.keyPairFromSeed(key));
        }
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void outOfBoundsSlicesAreACallerBugAndThrow(SignatureScheme scheme) {
        KeyPair keys = keys(scheme);
        byte[] signature = scheme.signer(keys.privateKey()).sign(MESSAGE);
        PublicKeyVerifier verifier = scheme.verifier(keys.publicKey());
        assertThrows(IndexOutOfBoundsException.class, () -> verifier.verify(MESSAGE, 1, MESSAGE.length, signature));
        assertThrows(IndexOutOfBoundsException.class, () -> verifier.verify(MESSAGE, -1, 2, signature));
        assertThrows(IndexOutOfBoundsException.class,
                () -> scheme.signer(keys.privateKey()).sign(MESSAGE, 2, MESSAGE.length));
    }

    private static BigInteger fromLittleEndian(byte[] bytes, int offset) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = bytes[offset + 31 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] out = new byte[32];
        byte[] bigEndian = value.toByteArray();
        for (int i = 0; i < bigEndian.length && i < 33; i++) {
            int target = bigEndian.length - 1 - i;
            if (i < 32) {
                out[i] = bigEndian[target];
            } else if (bigEndian[target] != 0) {
                throw new AssertionError("does not fit 32 bytes");
            }
        }
        return out;
    }
}
