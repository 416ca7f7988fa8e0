package io.prime.runtime.behaviour;

import java.util.List;

/**
 * A family of behaviours found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.prime.runtime.behaviour.BehaviourProvider}): for a module whose behaviours come from a
 * registry of its own rather than one class each, and which may understand names of its own making, such as several
 * behaviours combined on one replica ({@code leader-delay+recon}).
 */
public interface BehaviourProvider {
    /** The behaviours this provider offers under their own names, for listings and help. */
    List<ReplicaBehaviour> behaviours();

    /** The behaviour called {@code name}, or null if this provider does not know it. By default: one of {@link #behaviours()}. */
    default ReplicaBehaviour find(String name) {
        for (ReplicaBehaviour b : behaviours()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }
}
