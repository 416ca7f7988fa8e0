package io.prime.sim;

import io.prime.attacks.AttackPlan;
import io.prime.core.replica.PrimeReplica;

/**
 * Puts an {@link AttackPlan} into a simulation: its faulty replicas run an honest {@link PrimeReplica} wrapped in their
 * behaviour, and are marked in {@link SimConfig#faultyMask} so the checkers hold only the correct ones to SAFETY.
 * (The replay arguments, {@link AttackPlan#arguments()}, are the caller's to add to the extra arguments.)
 */
public final class SimAttacks {
    private SimAttacks() {
    }

    public static SimConfig.Builder apply(SimConfig.Builder builder, AttackPlan plan) {
        if (plan.isEmpty()) {
            return builder;
        }
        return builder.faultyMask(plan.faultyMask()).attackPlan(plan);
    }
}
