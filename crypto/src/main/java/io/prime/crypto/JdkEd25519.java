package io.prime.crypto;

/**
 * Ed25519 from the JDK's own SunEC provider (pure Java, JDK 15+). Always present, but measured about 19× slower to
 * sign and 8× slower to verify than BouncyCastle (docs/benchmarks.md), so it is last in the default order.
 */
public final class JdkEd25519 extends JcaEd25519 {
    public static final String NAME = "ed25519-jdk";

    public JdkEd25519() {
        super(sunEc());
    }

    @Override
    public String name() {
        return NAME;
    }
}
