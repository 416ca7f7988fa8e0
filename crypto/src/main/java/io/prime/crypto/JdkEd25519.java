package io.prime.crypto;

/** Ed25519 from the JDK's own SunEC provider (pure Java, JDK 15+). Always present. */
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
