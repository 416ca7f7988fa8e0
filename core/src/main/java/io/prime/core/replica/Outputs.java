package io.prime.core.replica;

import java.util.List;

/**
 * What one {@link ReplicaCore#step} asks of its host, in the order the host must act on it (etcd raft's {@code Ready}):
 * the state machine has already applied {@link #executed()}; the host then sends {@link #messages()} and calls
 * {@code step} with a tick at or after {@link #nextWakeupNanos()}.
 *
 * @param messages        signed frames to send; their order within one destination should be kept
 * @param executed        client updates applied during this step, in order
 * @param events          notable protocol events for logs and metrics
 * @param nextWakeupNanos when the core next has periodic work ({@link Long#MAX_VALUE} for never)
 * @param records         what the host must store durably <em>before</em> it sends {@link #messages()} (write-ahead),
 *                        in order; see {@link io.prime.core.durable.DurableRecord}
 */
public record Outputs(List<Outbound> messages, List<Executed> executed, List<ProtocolEvent> events, long nextWakeupNanos,
                      List<io.prime.core.durable.DurableRecord> records) {
    public Outputs {
        messages = List.copyOf(messages);
        executed = List.copyOf(executed);
        events = List.copyOf(events);
        records = List.copyOf(records);
    }

    /** Outputs with nothing to store durably (a core without durable state, or a wrapper that adds nothing). */
    public Outputs(List<Outbound> messages, List<Executed> executed, List<ProtocolEvent> events, long nextWakeupNanos) {
        this(messages, executed, events, nextWakeupNanos, List.of());
    }
}
