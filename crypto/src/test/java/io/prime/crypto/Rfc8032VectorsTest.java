package io.prime.crypto;

import io.prime.core.crypto.SignatureScheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8032 §7.1 Ed25519 tests 1–3, on every implementation available here. */
class Rfc8032VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(String test, String secretKey, String publicKey, String message, String signature) {
        @Override
        public String toString() {
            return test;
        }
    }

    static final List<Vector> VECTORS = List.of(
            new Vector("TEST 1",
                    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                    "",
                    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
            new Vector("TEST 2",
                    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                    "72",
                    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
            new Vector("TEST 3",
                    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                    "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                    "af82",
                    "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));

    static List<Arguments> schemesAndVectors() {
        List<Arguments> arguments = new ArrayList<>();
        for (SignatureScheme scheme : TestSchemes.all()) {
            for (Vector vector : VECTORS) {
                arguments.add(Arguments.of(scheme, vector));
            }
        }
        return arguments;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("schemesAndVectors")
    void derivesThePublicKey(SignatureScheme scheme, Vector vector) {
        assertArrayEquals(HEX.parseHex(vector.publicKey()),
                scheme.keyPairFromSeed(HEX.parseHex(vector.secretKey())).publicKey());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("schemesAndVectors")
    void signsExactlyAsTheRfcSays(SignatureScheme scheme, Vector vector) {
        byte[] signature = scheme.signer(HEX.parseHex(vector.secretKey())).sign(HEX.parseHex(vector.message()));
        assertArrayEquals(HEX.parseHex(vector.signature()), signature);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("schemesAndVectors")
    void verifiesTheRfcSignatureAndRejectsItOnAnotherMessage(SignatureScheme scheme, Vector vector) {
        var verifier = scheme.verifier(HEX.parseHex(vector.publicKey()));
        byte[] message = HEX.parseHex(vector.message());
        byte[] signature = HEX.parseHex(vector.signature());
        assertTrue(verifier.verify(message, signature));
        byte[] longer = new byte[message.length + 1];
        System.arraycopy(message, 0, longer, 0, message.length);
        assertFalse(verifier.verify(longer, signature));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("schemesAndVectors")
    void signsAndVerifiesASliceOfALargerBuffer(SignatureScheme scheme, Vector vector) {
        byte[] message = HEX.parseHex(vector.message());
        byte[] buffer = new byte[message.length + 7];
        java.util.Arrays.fill(buffer, (byte) 0x5a);
        System.arraycopy(message, 0, buffer, 3, message.length);
        byte[] signature = scheme.signer(HEX.parseHex(vector.secretKey())).sign(buffer, 3, message.length);
        assertArrayEquals(HEX.parseHex(vector.signature()), signature);
        assertTrue(scheme.verifier(HEX.parseHex(vector.publicKey())).verify(buffer, 3, message.length, signature));
    }
}
