package io.prime.sim;

import io.prime.core.app.HashChainStateMachine;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.crypto.SimulatedThresholdScheme;
import io.prime.core.replica.PrimeReplica;

/**
 * Honest replicas for a simulated run: a {@link PrimeReplica} running the {@link HashChainStateMachine}, with
 * threshold shares dealt deterministically from the run's seed (every replica of a run gets shares of one dealing).
 */
public final class HonestReplicas {
    private HonestReplicas() {
    }

    public static PrimeReplica prime(PrimeConfig config, int id, Signer signer, Hasher hasher, long seed) {
        SimulatedThresholdScheme threshold = new SimulatedThresholdScheme(config.replicas, config.quorum(), seed);
        return new PrimeReplica(config, id, signer, hasher, new HashChainStateMachine(), threshold, threshold.signer(id));
    }
}
