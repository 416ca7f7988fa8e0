package io.prime.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

import java.security.Provider;

/**
 * Ed25519 from the Amazon Corretto Crypto Provider (native AWS-LC), used as an explicit provider instance and never
 * installed globally. ACCP is an optional dependency and may be missing or unable to load its native library (other
 * OS or CPU, restricted temp directory), so it is only ever created through {@link #load()}, which reports why not.
 */
public final class AccpEd25519 extends JcaEd25519 {
    public static final String NAME = "ed25519-accp";
    private static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private AccpEd25519(Provider provider) {
        super(provider);
    }

    /**
     * Returns the ACCP scheme, or throws {@link IllegalStateException} saying why it cannot be used here: not on the
     * class path, native library not loaded, failed its own health check, or no Ed25519 in this ACCP version.
     */
    public static AccpEd25519 load() {
        try {
            // Probe by name first so that a missing jar is an ordinary "unavailable", not a NoClassDefFoundError.
            Class.forName(PROVIDER_CLASS, false, AccpEd25519.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("ACCP is not on the class path (" + e + ")");
        }
        try {
            return loadPresent();
        } catch (LinkageError e) {
            throw new IllegalStateException("ACCP failed to initialise: " + e, e);
        }
    }

    private static AccpEd25519 loadPresent() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable loadingError = accp.getLoadingError();
        if (loadingError != null) {
            throw new IllegalStateException("ACCP could not load its native library: " + loadingError, loadingError);
        }
        try {
            accp.assertHealthy();
        } catch (RuntimeException e) {
            throw new IllegalStateException("ACCP failed its self-tests: " + e, e);
        }
        if (accp.getService("Signature", "Ed25519") == null) {
            throw new IllegalStateException("ACCP " + accp.getVersionStr() + " does not provide Ed25519 signatures");
        }
        return new AccpEd25519(accp);
    }

    /** ACCP's version string, for logs. */
    public String providerVersion() {
        return ((AmazonCorrettoCryptoProvider) provider()).getVersionStr();
    }

    @Override
    public String name() {
        return NAME;
    }
}
