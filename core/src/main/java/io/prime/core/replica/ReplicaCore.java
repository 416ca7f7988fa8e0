package io.prime.core.replica;

import io.prime.core.Rejections;

import java.util.List;

/**
 * The contract between a protocol core and the host that drives it (the simulator now, the network runtime later).
 * A core is a deterministic state machine: the same inputs at the same times give the same outputs. It performs no
 * I/O, reads no clock and starts no thread; time is the {@code nowNanos} argument.
 */
public interface ReplicaCore {
    /** This replica's id, 0..N-1. */
    int id();

    /**
     * Processes a batch of inputs that arrived by {@code nowNanos}, then signs everything it wants to send with one
     * Merkle-batch signature. Hosts batch naturally: whatever queued while the core was busy goes in the next call.
     */
    Outputs step(List<Input> inputs, long nowNanos);

    default Outputs step(Input input, long nowNanos) {
        return step(List.of(input), nowNanos);
    }

    /** Messages refused by the core, by reason (the edge keeps its own count). */
    Rejections rejections();

    /** A read-only summary for reports and metrics. */
    ReplicaStatus status();

    /**
     * Bytes erasure-coded (reconciliation parts encoded, requests rebuilt) since the last call, so a host can charge
     * their CPU cost, as it does for {@link io.prime.core.crypto.Hasher#takeBytesHashed()}. Resets the count.
     */
    default long takeErasureBytes() {
        return 0;
    }
}
