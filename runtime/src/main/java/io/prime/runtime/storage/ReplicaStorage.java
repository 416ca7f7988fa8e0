package io.prime.runtime.storage;

import java.io.IOException;

/**
 * A replica's durable state under its data directory.
 *
 * <p>What is persisted today is deliberately nothing protocol-critical: the core does not yet emit records to
 * persist (a later change adds checkpoints and persistence records to {@code Outputs}, with etcd raft's rule that a
 * step's records are durable before its messages are sent). Until then a restarted replica starts with fresh
 * in-memory protocol and application state and catches up from its peers within their retention
 * (docs/operations.md, "Restarts"). This interface is where those records will go: {@link #persist} is called by
 * the core loop after each step and before the step's messages are handed to the transport.
 */
public interface ReplicaStorage extends AutoCloseable {
    /**
     * Binds the data directory to this replica and cluster, or checks that it already belongs to them (so a data
     * directory is never used by another replica or another cluster), and records one more start.
     *
     * @return what was stored about this replica before this start
     */
    NodeIdentity open(NodeIdentity expected) throws IOException;

    /** Durably stores a step's records before its messages leave (no records exist yet: a no-op for now). */
    default void persist(java.util.List<byte[]> records, boolean sync) throws IOException {
    }

    @Override
    void close() throws IOException;

    /**
     * Who owns a data directory and how often it has been started.
     *
     * @param replicaId          the replica id
     * @param clusterFingerprint hex SHA-256 over every replica's public key, in order
     * @param starts             number of starts so far (1 on the first start)
     */
    record NodeIdentity(int replicaId, String clusterFingerprint, long starts) {
    }
}
