package io.prime.runtime.config;

import java.util.Arrays;

/**
 * One replica as the cluster file lists it.
 *
 * @param id          0..N-1
 * @param host        address other replicas and clients dial
 * @param port        TCP port for replica and client connections
 * @param metricsPort Prometheus port (0: no metrics server unless --metrics-port is given)
 * @param publicKey   its Ed25519 public key (raw 32 bytes)
 */
public record ReplicaEndpoint(int id, String host, int port, int metricsPort, byte[] publicKey) {
    public ReplicaEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("replica " + id + ": host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("replica " + id + ": port must be in [1, 65535], got " + port);
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("replica " + id + ": metricsPort must be in [0, 65535]");
        }
        if (publicKey == null || publicKey.length == 0) {
            throw new IllegalArgumentException("replica " + id + ": publicKey is missing");
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicaEndpoint e && id == e.id && host.equals(e.host) && port == e.port
                && metricsPort == e.metricsPort && Arrays.equals(publicKey, e.publicKey);
    }

    @Override
    public int hashCode() {
        return id * 31 + port;
    }

    @Override
    public String toString() {
        return "replica " + id + " at " + host + ":" + port;
    }
}
