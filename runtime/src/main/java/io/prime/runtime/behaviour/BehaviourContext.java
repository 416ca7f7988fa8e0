package io.prime.runtime.behaviour;

import io.prime.core.codec.FrameCodec;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.Signer;

/**
 * What a behaviour may use besides the honest core: the replica's configuration, identity, keys, and the core
 * thread's signer and hasher (neither is thread-safe: use them on the core thread only, inside {@code step}).
 *
 * @param coalitionMask the replicas that run a Byzantine behaviour, this one included (bit i for replica i): faulty
 *                      replicas collude, and some behaviours need to know their partners ({@code prime replica
 *                      --coalition}); a replica told nothing counts on itself alone
 */
public record BehaviourContext(PrimeConfig config, int replicaId, Signer signer, Hasher hasher, KeyDirectory keys,
                               FrameCodec codec, long coalitionMask) {
    public BehaviourContext {
        coalitionMask |= 1L << replicaId;
    }

    /** A replica that knows of no other faulty replica. */
    public BehaviourContext(PrimeConfig config, int replicaId, Signer signer, Hasher hasher, KeyDirectory keys, FrameCodec codec) {
        this(config, replicaId, signer, hasher, keys, codec, 0);
    }
}
