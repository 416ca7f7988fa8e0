package io.prime.cli;

import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ClusterSetup;
import io.prime.runtime.config.ConfigException;
import io.prime.runtime.config.TransportConfig;
import io.prime.runtime.transport.TlsSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code prime keygen}: keys and cluster.yaml for a new cluster. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Generates keys and cluster.yaml for a new cluster.",
            "Ed25519 keys for every replica and client, BLS threshold key shares, and DIR/cluster.yaml.",
            "Private keys go to DIR/keys (mode 0700), one file each (mode 0600).%n"})
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--replicas", defaultValue = "4", description = "N = 3f+1 replicas (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--clients", defaultValue = "100", description = "client identities (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--out", required = true, description = "directory to write (must not hold a cluster.yaml)")
    Path out;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address of every replica (edit the YAML for several hosts; default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--base-port", defaultValue = "7100", description = "replica i listens on base-port + i (default: ${DEFAULT-VALUE})")
    int basePort;

    @Option(names = "--metrics-base-port", defaultValue = "9100", description = "replica i serves metrics on this + i; 0 for none (default: ${DEFAULT-VALUE})")
    int metricsBasePort;

    @Option(names = "--tls", description = "also make self-signed TLS certificates and switch TLS on")
    boolean tls;

    @Override
    public Integer call() throws Exception {
        ClusterConfig config = generate(out, replicas, clients, host, basePort, metricsBasePort, tls, true);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("Wrote %s: %d replicas (f = %d), %d clients%s.%n", out.resolve(ClusterSetup.CLUSTER_FILE),
                config.replicaCount(), config.faults(), config.clientCount(), tls ? ", TLS on" : "");
        w.printf("Private keys are in %s (keep replica-I.* on replica I's host only).%n", config.keysDir());
        w.flush();
        return 0;
    }

    static ClusterConfig generate(Path dir, int replicas, int clients, String host, int basePort, int metricsBasePort,
                                  boolean tls, boolean fsync) throws Exception {
        if (Files.exists(dir.resolve(ClusterSetup.CLUSTER_FILE))) {
            throw new PrimeCommand.UserException(dir.resolve(ClusterSetup.CLUSTER_FILE) + " already exists");
        }
        ClusterSetup.Spec spec;
        try {
            TransportConfig t = TransportConfig.defaults().withFsyncWrites(fsync);
            if (tls) {
                t = new TransportConfig(t.maxFrameBytes(), t.connectTimeoutMillis(), t.handshakeTimeoutMillis(),
                        t.reconnectInitialBackoffMillis(), t.reconnectMaxBackoffMillis(), t.peerQueueMaxFramesPerClass(),
                        t.peerQueueMaxBytesPerClass(), t.clientQueueMaxBytes(), t.uplinkBitsPerSecond(),
                        t.reconciliationShare(), t.writeBufferLowWaterMarkBytes(), t.writeBufferHighWaterMarkBytes(),
                        t.inboundQueueMaxFramesPerSource(), t.verifierThreads(), t.ioThreads(),
                        t.verificationCacheEntries(), t.coreInboxMaxInputs(), t.coreMaxBatchInputs(), t.coreMinStepIntervalMicros(),
                        t.maxClientConnections(), t.linkDelayMillis(), true, t.nativeTransport(), t.fsyncWrites());
            }
            spec = new ClusterSetup.Spec(replicas, clients, host, basePort, metricsBasePort, null, t);
        } catch (IllegalArgumentException e) {
            throw new PrimeCommand.UserException(e.getMessage());
        }
        try {
            ClusterConfig config = ClusterSetup.generate(dir, spec);
            if (tls) {
                TlsSupport.generateAll(config.keysDir(), replicas);
            }
            return config;
        } catch (ConfigException e) {
            throw new PrimeCommand.UserException(e.getMessage());
        }
    }
}
