package io.prime.runtime;

import io.prime.core.config.PrimeConfig;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ClusterSetup;
import io.prime.runtime.config.TransportConfig;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Test fixture: a cluster generated into a directory (fresh keys, free loopback ports) whose replicas run in this
 * JVM over real sockets. Closing it stops every replica it started.
 */
public final class LocalCluster implements AutoCloseable {
    private final ClusterConfig config;
    private final ReplicaNode[] nodes;

    private LocalCluster(ClusterConfig config) {
        this.config = config;
        this.nodes = new ReplicaNode[config.replicaCount()];
    }

    /** Generates a 4-replica cluster with {@code clients} clients in {@code dir}; nothing is started yet. */
    public static LocalCluster generate(Path dir, int clients) throws IOException {
        return generate(dir, clients, ClusterSetup.lanProtocol(1), TransportConfig.defaults());
    }

    public static LocalCluster generate(Path dir, int clients, PrimeConfig protocol, TransportConfig transport) throws IOException {
        int n = 3 * protocol.faults + 1;
        int base = ClusterSetup.freePortRange(n);
        ClusterConfig c = ClusterSetup.generate(dir, new ClusterSetup.Spec(n, clients, "127.0.0.1", base, 0, protocol, transport));
        return new LocalCluster(c);
    }


    public ClusterConfig config() {
        return config;
    }

    public LocalCluster startAll() throws IOException, InterruptedException {
        for (int i = 0; i < nodes.length; i++) {
            start(i);
        }
        return this;
    }

    public ReplicaNode start(int id) throws IOException, InterruptedException {
        return start(ReplicaNode.Options.of(id));
    }

    public ReplicaNode start(ReplicaNode.Options options) throws IOException, InterruptedException {
        ReplicaNode node = ReplicaNode.start(config, options);
        nodes[options.id()] = node;
        return node;
    }

    public ReplicaNode node(int id) {
        return nodes[id];
    }

    /** Stops replica {@code id} (a crash, as far as the others can tell: its connections drop). */
    public void stop(int id) {
        if (nodes[id] != null) {
            nodes[id].close();
            nodes[id] = null;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            stop(i);
        }
    }
}
