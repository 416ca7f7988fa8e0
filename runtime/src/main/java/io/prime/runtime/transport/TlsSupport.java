package io.prime.runtime.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ConfigException;
import io.prime.runtime.config.KeyFiles;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Optional TLS, for confidentiality only: identities are proven by the signed {@link Handshake} either way. Each
 * replica has a self-signed certificate made at key generation ({@code prime keygen --tls}, which runs the JDK's
 * keytool); every party trusts exactly the replicas' certificates (pinned, no certificate authority, no host name
 * check). Clients present no certificate.
 *
 * <p>Files under {@code keysDir/tls}: {@code replica-I.p12} (key and certificate, PKCS#12, mode 0600),
 * {@code replica-I.pass} (its password, mode 0600) and {@code replica-I.crt} (the certificate, PEM, public).
 */
public final class TlsSupport {
    private TlsSupport() {
    }

    /** The listening side of replica {@code id}: its own certificate; peers' certificates trusted if they show one. */
    public static SslContext server(ClusterConfig cluster, int id) {
        try {
            return SslContextBuilder.forServer(keyManager(cluster, id))
                    .trustManager(trustManager(cluster))
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ConfigException("TLS for replica " + id + ": " + e.getMessage(), e);
        }
    }

    /** The dialling side (a replica or a client): trusts the replicas' certificates only. */
    public static SslContext client(ClusterConfig cluster) {
        try {
            return SslContextBuilder.forClient()
                    .trustManager(trustManager(cluster))
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ConfigException("TLS: " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManager(ClusterConfig cluster, int id) throws IOException, java.security.GeneralSecurityException {
        Path dir = cluster.keysDir().resolve("tls");
        char[] password = new String(KeyFiles.readPrivate(dir.resolve("replica-" + id + ".pass")), StandardCharsets.US_ASCII).toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("replica-" + id + ".p12"))) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf;
    }

    private static TrustManagerFactory trustManager(ClusterConfig cluster) throws IOException, java.security.GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (int i = 0; i < cluster.replicaCount(); i++) {
            try (InputStream in = Files.newInputStream(cluster.tlsCertificateFile(i))) {
                Certificate c = cf.generateCertificate(in);
                trust.setCertificateEntry("replica-" + i, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    /** Certificates for replicas {@code 0..n-1}, made concurrently (each is a keytool process). */
    public static void generateAll(Path keysDir, int n) throws IOException, InterruptedException {
        java.util.List<java.util.concurrent.CompletableFuture<Void>> all = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            all.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    generate(keysDir, id);
                } catch (IOException | InterruptedException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(all.toArray(new java.util.concurrent.CompletableFuture[0])).get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause() instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : e.getCause();
            throw c instanceof IOException io ? io : new IOException(c);
        }
    }

    /** Makes replica {@code id}'s self-signed certificate with the JDK's keytool (EC P-256, ten years). */
    public static void generate(Path keysDir, int id) throws IOException, InterruptedException {
        Path dir = keysDir.resolve("tls");
        KeyFiles.createPrivateDirectory(dir);
        byte[] pw = new byte[18];
        new SecureRandom().nextBytes(pw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
        KeyFiles.writePrivate(dir.resolve("replica-" + id + ".pass"), password.getBytes(StandardCharsets.US_ASCII));
        Path store = dir.resolve("replica-" + id + ".p12");
        Files.deleteIfExists(store);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "replica-" + id, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=prime-replica-" + id, "-validity", "3650", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password));
        Files.setPosixFilePermissions(store, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        // The public certificate, as PEM, read back in-process (one keytool run fewer).
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            byte[] der = ks.getCertificate("replica-" + id).getEncoded();
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(dir.resolve("replica-" + id + ".crt"), pem, StandardCharsets.US_ASCII);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("reading back the certificate of replica " + id + ": " + e.getMessage(), e);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8).trim());
        }
    }
}
