package io.prime.runtime.storage;

import io.prime.core.durable.DurableRecord;

import java.io.IOException;
import java.util.List;

/**
 * A replica's durable state under its data directory: who owns it, and the core's {@link DurableRecord}s.
 *
 * <p>The rule (etcd raft's): the records of a step are durable before any of the step's messages leave. The core
 * loop calls {@link #persist} after each step and before it hands the step's messages to the transport; at start
 * the node reads {@link #load} and hands the records to {@link io.prime.core.replica.PrimeReplica#restore}, so a
 * restarted replica has executed exactly what it had executed, and never signs anything that contradicts what it
 * signed before (docs/operations.md, "Restarts and durable state").
 */
public interface ReplicaStorage extends AutoCloseable {
    /**
     * Binds the data directory to this replica and cluster, or checks that it already belongs to them (so a data
     * directory is never used by another replica or another cluster), and records one more start.
     *
     * @return what was stored about this replica before this start
     */
    NodeIdentity open(NodeIdentity expected) throws IOException;

    /** The records stored so far, oldest first, from the last snapshot on (empty on a first start). */
    List<DurableRecord> load() throws IOException;

    /**
     * Durably stores a step's records before its messages leave. A {@link DurableRecord.Snapshot} starts a new log
     * (everything before it is obsolete). With {@code sync} the data reaches the disk (fsync) before this returns;
     * without, it reaches the operating system only (survives a process crash, not a power cut).
     */
    void persist(List<DurableRecord> records, boolean sync) throws IOException;

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
