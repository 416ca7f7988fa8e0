package io.prime.runtime;

import io.prime.core.Rejections;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A behaviour that starts switched off: the honest core runs alone until {@link #activate()}, then every step goes
 * through the behaviour's wrapper around that same core (a replica compromised while it runs). The switch is read at
 * the start of each step on the core thread, so a step runs wholly one way or the other.
 */
final class DormantBehaviour implements ReplicaCore {
    private final ReplicaCore honest;
    private final ReplicaCore wrapped;
    private final AtomicBoolean active = new AtomicBoolean();

    DormantBehaviour(ReplicaCore honest, ReplicaCore wrapped) {
        this.honest = honest;
        this.wrapped = wrapped;
    }

    /** Switches the behaviour on; true if it was off. */
    boolean activate() {
        return active.compareAndSet(false, true);
    }

    boolean active() {
        return active.get();
    }

    private ReplicaCore current() {
        return active.get() ? wrapped : honest;
    }

    @Override
    public int id() {
        return honest.id();
    }

    @Override
    public Outputs step(List<Input> inputs, long nowNanos) {
        return current().step(inputs, nowNanos);
    }

    @Override
    public Rejections rejections() {
        return current().rejections();
    }

    @Override
    public ReplicaStatus status() {
        return current().status();
    }

    @Override
    public long takeErasureBytes() {
        return current().takeErasureBytes();
    }
}
