package io.prime.runtime.behaviour;

import io.prime.core.replica.ReplicaCore;

/**
 * A named behaviour a replica process can run with ({@code prime replica --behaviour NAME}): {@code none} is the
 * honest protocol; Byzantine behaviours (the attacks module's, for demos and tests) wrap the honest core, as the
 * simulator's faulty replicas do, and never live inside it. Implementations are found with {@link java.util.ServiceLoader}:
 * a module adds one by listing its class in {@code META-INF/services/io.prime.runtime.behaviour.ReplicaBehaviour}, or a
 * whole family through a {@link BehaviourProvider} (as prime-attacks-runtime does for the attacks module's registry).
 */
public interface ReplicaBehaviour {
    /** The name used on the command line, e.g. {@code none}, {@code leader-delay}. */
    String name();

    /** One line for {@code --help} and logs. */
    String description();

    /** The core the replica process drives: {@code honest} itself, or a wrapper around it. Runs on the core thread. */
    ReplicaCore wrap(ReplicaCore honest, BehaviourContext context);
}
