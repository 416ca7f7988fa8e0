package io.prime.runtime.config;

import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.SignatureScheme;
import io.prime.crypto.KeyGeneration;
import io.prime.crypto.SignatureSchemes;
import io.prime.crypto.threshold.BlsThresholdDealer;
import io.prime.crypto.threshold.BlsThresholdKeys;
import io.prime.kv.KvLimits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a cluster: fresh Ed25519 keys for every replica and client, a BLS threshold dealing (2f+1 of N), the
 * private key files (mode 0600 under {@code DIR/keys}, mode 0700) and {@code DIR/cluster.yaml}. What
 * {@code prime keygen} and {@code prime cluster} run, and what integration tests use.
 */
public final class ClusterSetup {
    public static final String CLUSTER_FILE = "cluster.yaml";

    /**
     * Protocol periods for a LAN or a single host: PRE-PREPARE, PROOF-MATRIX and PO-ARU at most every 1 ms. Δpp, the
     * allowance SUSPECT-LEADER gives the leader beyond the measured round trips (§4.2, Fig. 4 B10), is 30 ms rather than
     * the simulator's few milliseconds: real processes see garbage-collection pauses and, when several replicas share
     * a host's cores, scheduling delays of that order, and with a 7 ms allowance four replicas on one 2-core machine
     * suspected their correct leader about twice a second. It only widens the bound a malicious leader can exploit.
     */
    public static PrimeConfig lanProtocol(int faults) {
        return PrimeConfig.builder(faults)
                .aggregationPeriodMicros(1_000)
                .deltaPpMicros(30_000)
                .poAruRefreshMicros(100_000)
                .retransmitPeriodMicros(100_000)
                .build();
    }

    /**
     * What to generate.
     *
     * @param replicas      N (must be 3f+1)
     * @param clients       client identities
     * @param host          address every replica listens on and is dialled at
     * @param basePort      replica i listens on basePort + i
     * @param baseMetricsPort replica i serves metrics on baseMetricsPort + i (0: none)
     * @param protocol      protocol settings (null: {@link #lanProtocol(int)})
     * @param transport     transport settings
     */
    public record Spec(int replicas, int clients, String host, int basePort, int baseMetricsPort, PrimeConfig protocol,
                       TransportConfig transport) {
        public Spec {
            if (replicas < 4 || (replicas - 1) % 3 != 0) {
                throw new IllegalArgumentException("--replicas must be 3f+1 with f >= 1 (4, 7, 10, ...), got " + replicas);
            }
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be >= 1, got " + clients);
            }
            if (basePort < 1 || basePort + replicas > 65535) {
                throw new IllegalArgumentException("--base-port out of range: " + basePort);
            }
        }

        public int faults() {
            return (replicas - 1) / 3;
        }
    }

    private ClusterSetup() {
    }

    /** Writes keys and cluster.yaml into {@code dir}; refuses to overwrite an existing cluster.yaml. */
    public static ClusterConfig generate(Path dir, Spec spec) throws IOException {
        Path yaml = dir.resolve(CLUSTER_FILE);
        if (Files.exists(yaml)) {
            throw new ConfigException(yaml + " already exists; choose another directory or remove it");
        }
        Files.createDirectories(dir);
        Path keys = dir.resolve("keys");
        KeyFiles.createPrivateDirectory(keys);
        SignatureScheme scheme = SignatureSchemes.fastestAvailable();
        SecureRandom random = new SecureRandom();
        KeyGeneration.KeyMaterial material = KeyGeneration.generate(scheme, spec.replicas(), spec.clients(), random);
        int f = spec.faults();
        // 2f+1 VC-PARTIAL-SIGs combine into a VC-PROOF (§5.3).
        BlsThresholdKeys bls = BlsThresholdDealer.deal(spec.replicas(), 2 * f + 1, random);
        List<ReplicaEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < spec.replicas(); i++) {
            endpoints.add(new ReplicaEndpoint(i, spec.host(), spec.basePort() + i,
                    spec.baseMetricsPort() == 0 ? 0 : spec.baseMetricsPort() + i, material.replica(i).publicKey()));
        }
        List<byte[]> clientKeys = new ArrayList<>();
        for (int c = 0; c < spec.clients(); c++) {
            clientKeys.add(material.client(c).publicKey());
        }
        ClusterConfig config = new ClusterConfig(f, SignatureSchemes.ED25519, endpoints, clientKeys,
                new ClusterConfig.ThresholdPublicKeys(2 * f + 1, bls.groupPublicKey(), bls.publicShares()),
                spec.protocol() == null ? lanProtocol(f) : spec.protocol(), spec.transport(), KvLimits.defaults(), keys);
        for (int i = 0; i < spec.replicas(); i++) {
            KeyFiles.writePrivate(config.replicaKeyFile(i), material.replica(i).privateKey());
            KeyFiles.writePrivate(config.thresholdShareFile(i), bls.secretShare(i));
        }
        for (int c = 0; c < spec.clients(); c++) {
            KeyFiles.writePrivate(config.clientKeyFile(c), material.client(c).privateKey());
        }
        Files.writeString(yaml, config.toYaml(header(spec)), StandardCharsets.UTF_8);
        return config;
    }

    private static String header(Spec spec) {
        return "Prime cluster: " + spec.replicas() + " replicas (f = " + spec.faults() + "), " + spec.clients()
                + " clients.\n"
                + "Edit hosts and ports to deploy on several machines; copy keys/replica-I.* only to replica I's host\n"
                + "and keys/client-C.key only to client C. Settings left out take their defaults (docs/operations.md).";
    }

    /** A run of {@code n} consecutive ports that are free right now (for clusters started on this machine). */
    public static int freePortRange(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                base = s.getLocalPort();
            }
            if (base + n >= 65535) {
                continue;
            }
            List<java.net.ServerSocket> held = new ArrayList<>();
            boolean ok = true;
            try {
                for (int i = 0; i < n; i++) {
                    held.add(new java.net.ServerSocket(base + i));
                }
            } catch (IOException e) {
                ok = false;
            } finally {
                for (java.net.ServerSocket s : held) {
                    s.close();
                }
            }
            if (ok) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free ports");
    }
}
