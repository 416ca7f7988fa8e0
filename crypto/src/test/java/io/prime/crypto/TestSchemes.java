package io.prime.crypto;

import io.prime.core.crypto.SignatureScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The implementations every parameterised test runs against. */
final class TestSchemes {
    private TestSchemes() {
    }

    /** ACCP ships a native library for this platform only, so only here do we insist that it loads. */
    static boolean accpExpectedHere() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** BouncyCastle and the JDK always; ACCP when it loads (and it must load where {@link #accpExpectedHere()}). */
    static List<SignatureScheme> all() {
        List<SignatureScheme> schemes = new ArrayList<>();
        schemes.add(new BouncyCastleEd25519());
        schemes.add(new JdkEd25519());
        try {
            schemes.add(AccpEd25519.load());
        } catch (IllegalStateException e) {
            if (accpExpectedHere()) {
                throw new AssertionError("ACCP should load on linux x86_64: " + e.getMessage(), e);
            }
        }
        return schemes;
    }
}
