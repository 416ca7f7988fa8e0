package io.prime.core.crypto;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's stand-in signature must behave like a signature for everything our own code can do to it: verify
 * what its signer signed, and refuse any change of data, of signature, of signer, of length.
 */
class SimulatedSignatureSchemeTest {
    private static byte[] seed(SplittableRandom random) {
        byte[] s = new byte[32];
        random.nextBytes(s);
        return s;
    }

    @Test
    void verifiesWhatItsSignerSignedAndRefusesEveryOneBitChange() {
        SplittableRandom random = new SplittableRandom(11);
        for (int length : new int[]{16, 20, 64, 100, 128, 512}) {
            SimulatedSignatureScheme scheme = new SimulatedSignatureScheme(length);
            SignatureScheme.KeyPair keys = scheme.keyPairFromSeed(seed(random));
            Signer signer = scheme.signer(keys.privateKey());
            PublicKeyVerifier verifier = scheme.verifier(keys.publicKey());
            PublicKeyVerifier other = scheme.verifier(scheme.keyPairFromSeed(seed(random)).publicKey());
            for (int size = 0; size <= 70; size++) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                byte[] signature = signer.sign(data, 0, data.length);
                assertEquals(length, signature.length);
                assertTrue(verifier.verify(data, signature), "length " + length + " size " + size);
                assertFalse(other.verify(data, signature), "another key verified it");
                for (int bit = 0; bit < size * 8; bit++) {
                    data[bit >>> 3] ^= (byte) (1 << (bit & 7));
                    assertFalse(verifier.verify(data, signature), "data bit " + bit + " of " + size + " bytes");
                    data[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                for (int bit = 0; bit < length * 8; bit += 3) {
                    signature[bit >>> 3] ^= (byte) (1 << (bit & 7));
                    assertFalse(verifier.verify(data, signature), "signature bit " + bit);
                    signature[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                if (size > 0) {
                    // A prefix, or the same bytes followed by a zero, is other data.
                    assertFalse(verifier.verify(data, 0, size - 1, signature));
                    byte[] longer = java.util.Arrays.copyOf(data, size + 1);
                    assertFalse(verifier.verify(longer, signature));
                }
                assertFalse(verifier.verify(data, java.util.Arrays.copyOf(signature, length - 1)));
                assertFalse(verifier.verify(data, null));
            }
        }
    }

    @Test
    void signsARangeAsItsBytesAndDeterministically() {
        SimulatedSignatureScheme scheme = new SimulatedSignatureScheme(128);
        byte[] s = seed(new SplittableRandom(3));
        byte[] data = new byte[300];
        new SplittableRandom(4).nextBytes(data);
        byte[] range = java.util.Arrays.copyOfRange(data, 17, 250);
        byte[] a = scheme.signer(s).sign(data, 17, 233);
        assertEquals(java.util.HexFormat.of().formatHex(a), java.util.HexFormat.of().formatHex(scheme.signer(s.clone()).sign(range)));
        assertTrue(scheme.verifier(s).verify(range, a));
    }

    @Test
    void refusesBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new SimulatedSignatureScheme(15));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedSignatureScheme(513));
        SimulatedSignatureScheme scheme = new SimulatedSignatureScheme(64);
        assertThrows(IllegalArgumentException.class, () -> scheme.signer(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> scheme.keyPairFromSeed(new byte[33]));
    }
}
