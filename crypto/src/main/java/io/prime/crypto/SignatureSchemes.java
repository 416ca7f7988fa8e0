package io.prime.crypto;

import io.prime.core.crypto.SignatureScheme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds Ed25519 implementations by name and picks the default one.
 *
 * <p>All three implementations use the same raw formats (32-byte seed, 32-byte public key, 64-byte signature) and
 * produce byte-identical signatures, so the choice is purely local: replicas using different ones interoperate.
 * {@code "ed25519"} means "the first of {@link #ED25519_PREFERENCE} that loads and passes a known-answer self-test
 * on this machine". The order is fixed, from the measurements in docs/benchmarks.md, not timed at start-up, so that
 * the same machine always makes the same choice; {@link #describeSelection()} says what was chosen and why the
 * others were not, for logs.
 */
public final class SignatureSchemes {
    /** Configuration name for "the fastest working Ed25519 here". */
    public static final String ED25519 = "ed25519";

    /**
     * Fastest first, as measured (docs/benchmarks.md, "Signatures and digests"; 2-vCPU AMD EPYC, JDK 17): sign /
     * verify of 33 bytes took ACCP 8.7 / 37 µs, BouncyCastle 34 / 76 µs, JDK SunEC 633 / 615 µs. BouncyCastle is
     * the fallback whenever ACCP is missing or broken.
     */
    public static final List<String> ED25519_PREFERENCE =
            List.of(AccpEd25519.NAME, BouncyCastleEd25519.NAME, JdkEd25519.NAME);

    private SignatureSchemes() {
    }

    /** One implementation and whether it can be used here. {@code scheme} is null when it cannot. */
    public record Candidate(String name, SignatureScheme scheme, String status) {
        public boolean available() {
            return scheme != null;
        }
    }

    /**
     * {@code "ed25519"} (the fastest available), {@code "ed25519-accp"}, {@code "ed25519-bc"} or
     * {@code "ed25519-jdk"}. Throws IllegalArgumentException for an unknown name and IllegalStateException, with the
     * reason, for a known implementation that does not work here.
     */
    public static SignatureScheme byName(String name) {
        if (ED25519.equals(name)) {
            return fastestAvailable();
        }
        Candidate candidate = Probe.CANDIDATES.get(name);
        if (candidate == null) {
            throw new IllegalArgumentException("unknown signature scheme '" + name + "'; known: " + ED25519 + ", "
                    + String.join(", ", ED25519_PREFERENCE));
        }
        if (!candidate.available()) {
            throw new IllegalStateException(name + " is not available here: " + candidate.status());
        }
        return candidate.scheme();
    }

    /** The first implementation in {@link #ED25519_PREFERENCE} that works here; its {@code name()} says which. */
    public static SignatureScheme fastestAvailable() {
        for (Candidate candidate : Probe.CANDIDATES.values()) {
            if (candidate.available()) {
                return candidate.scheme();
            }
        }
        throw new IllegalStateException("no Ed25519 implementation works here: " + describeSelection());
    }

    /** Every implementation in preference order, with its status. */
    public static List<Candidate> candidates() {
        return List.copyOf(Probe.CANDIDATES.values());
    }

    /** One line for the logs, e.g. {@code ed25519 = ed25519-accp; ed25519-accp: ok (...); ed25519-bc: ok; ...}. */
    public static String describeSelection() {
        List<String> parts = new ArrayList<>();
        String chosen = "none";
        for (Candidate candidate : Probe.CANDIDATES.values()) {
            if (candidate.available() && chosen.equals("none")) {
                chosen = candidate.name();
            }
            parts.add(candidate.name() + ": " + candidate.status());
        }
        return ED25519 + " = " + chosen + "; " + String.join("; ", parts);
    }

    /** Probed once, on first use, so that ACCP's native library is only touched if someone asks for a scheme. */
    private static final class Probe {
        static final Map<String, Candidate> CANDIDATES = probeAll();

        private static Map<String, Candidate> probeAll() {
            Map<String, Candidate> result = new LinkedHashMap<>();
            for (String name : ED25519_PREFERENCE) {
                result.put(name, probe(name, constructor(name)));
            }
            return Collections.unmodifiableMap(result);
        }

        private static Supplier<SignatureScheme> constructor(String name) {
            switch (name) {
                case AccpEd25519.NAME:
                    return AccpEd25519::load;
                case BouncyCastleEd25519.NAME:
                    return BouncyCastleEd25519::new;
                case JdkEd25519.NAME:
                    return JdkEd25519::new;
                default:
                    throw new AssertionError(name);
            }
        }

        private static Candidate probe(String name, Supplier<SignatureScheme> constructor) {
            SignatureScheme scheme;
            try {
                scheme = constructor.get();
            } catch (RuntimeException | LinkageError e) {
                return new Candidate(name, null, "unavailable: " + e.getMessage());
            }
            try {
                Ed25519SelfTest.run(scheme);
            } catch (RuntimeException | LinkageError e) {
                return new Candidate(name, null, "failed self-test: " + e.getMessage());
            }
            String detail = scheme instanceof AccpEd25519 accp ? "ok (ACCP " + accp.providerVersion() + ")" : "ok";
            return new Candidate(name, scheme, detail);
        }
    }
}
