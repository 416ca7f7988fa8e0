package io.prime.crypto;

import io.prime.core.crypto.SignatureScheme;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignatureSchemesTest {
    @Test
    void namesResolveToTheirImplementations() {
        assertInstanceOf(BouncyCastleEd25519.class, SignatureSchemes.byName("ed25519-bc"));
        assertInstanceOf(JdkEd25519.class, SignatureSchemes.byName("ed25519-jdk"));
        assertEquals("ed25519-bc", SignatureSchemes.byName("ed25519-bc").name());
        assertEquals("ed25519-jdk", SignatureSchemes.byName("ed25519-jdk").name());
        assertSame(SignatureSchemes.byName("ed25519-bc"), SignatureSchemes.byName("ed25519-bc"));
    }

    @Test
    void defaultIsTheFirstAvailableInPreferenceOrder() {
        SignatureScheme chosen = SignatureSchemes.byName(SignatureSchemes.ED25519);
        assertSame(SignatureSchemes.fastestAvailable(), chosen);
        String firstAvailable = SignatureSchemes.candidates().stream()
                .filter(SignatureSchemes.Candidate::available)
                .findFirst().orElseThrow().name();
        assertEquals(firstAvailable, chosen.name());
        assertTrue(SignatureSchemes.describeSelection().startsWith("ed25519 = " + chosen.name() + ";"),
                SignatureSchemes.describeSelection());
    }

    @Test
    void candidatesFollowTheDocumentedOrderAndBouncyCastleAlwaysWorks() {
        List<SignatureSchemes.Candidate> candidates = SignatureSchemes.candidates();
        assertEquals(SignatureSchemes.ED25519_PREFERENCE,
                candidates.stream().map(SignatureSchemes.Candidate::name).toList());
        assertTrue(candidates.stream().anyMatch(c -> c.name().equals("ed25519-bc") && c.available()));
    }

    @Test
    void accpIsChosenWhereItShipsANativeLibrary() {
        if (!TestSchemes.accpExpectedHere()) {
            return; // elsewhere the fallback is correct behaviour; the test above covers it
        }
        SignatureScheme accp = SignatureSchemes.byName("ed25519-accp");
        assertInstanceOf(AccpEd25519.class, accp);
        assertEquals(SignatureSchemes.ED25519_PREFERENCE.get(0), "ed25519-accp");
        assertEquals("ed25519-accp", SignatureSchemes.fastestAvailable().name());
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SignatureSchemes.byName("ed448"));
        assertTrue(e.getMessage().contains("ed25519-bc"), e.getMessage());
    }
}
