package io.prime.sim;

import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.replica.ReplicaCore;

/**
 * Builds the core a simulated server runs. The default builds honest {@link io.prime.core.replica.PrimeReplica}s;
 * Byzantine behaviours and deliberately broken replicas (in tests) wrap or replace it.
 */
@FunctionalInterface
public interface ReplicaFactory {
    ReplicaCore create(PrimeConfig config, int id, Signer signer, Hasher hasher);
}
