package io.prime.attacks;

import io.prime.core.Rejections;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A faulty replica: an honest core whose inputs and outputs pass through a {@link Behaviour}. Delayed messages are
 * held here and released by a later step; {@link Outputs#nextWakeupNanos()} is lowered so the host steps the replica
 * in time. Everything the host observes about execution ({@link Outputs#executed()}, status) and what it must store
 * ({@link Outputs#records()}) is the honest core's.
 */
public final class ByzantineReplica implements ReplicaCore {
    private record Held(long whenNanos, long order, Outbound message) {
    }

    private final ReplicaCore honest;
    private final Behaviour behaviour;
    private final PriorityQueue<Held> held = new PriorityQueue<>((a, b) -> a.whenNanos != b.whenNanos
            ? Long.compare(a.whenNanos, b.whenNanos) : Long.compare(a.order, b.order));
    private long order;

    public ByzantineReplica(ReplicaCore honest, Behaviour behaviour) {
        this.honest = honest;
        this.behaviour = behaviour;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** The wrapped honest core. */
    public ReplicaCore honest() {
        return honest;
    }

    @Override
    public int id() {
        return honest.id();
    }

    @Override
    public Outputs step(List<Input> inputs, long nowNanos) {
        Outputs out = honest.step(behaviour.inputs(inputs, nowNanos), nowNanos);
        List<Outbound> send = new ArrayList<>();
        while (!held.isEmpty() && held.peek().whenNanos <= nowNanos) {
            send.add(held.poll().message);
        }
        behaviour.outputs(out, nowNanos, new Behaviour.Emitter() {
            @Override
            public void send(Outbound message) {
                send.add(message);
            }

            @Override
            public void sendAt(long whenNanos, Outbound message) {
                if (whenNanos <= nowNanos) {
                    send.add(message);
                } else {
                    held.add(new Held(whenNanos, order++, message));
                }
            }
        });
        long next = Math.min(out.nextWakeupNanos(), behaviour.nextWakeupNanos());
        if (!held.isEmpty()) {
            next = Math.min(next, held.peek().whenNanos);
        }
        // The honest core's durable records are its own: the host stores them as for any replica.
        return new Outputs(send, out.executed(), out.events(), Math.max(next, nowNanos + 1), out.records());
    }

    /** Messages held for later, for tests. */
    public int heldMessages() {
        return held.size();
    }

    @Override
    public Rejections rejections() {
        return honest.rejections();
    }

    @Override
    public ReplicaStatus status() {
        return honest.status();
    }

    @Override
    public long takeErasureBytes() {
        return honest.takeErasureBytes();
    }
}
