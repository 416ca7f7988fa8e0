package io.prime.runtime.behaviour;

import io.prime.core.codec.FrameCodec;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.Signer;

/**
 * What a behaviour may use besides the honest core: the replica's configuration, identity, keys, and the core
 * thread's signer and hasher (neither is thread-safe: use them on the core thread only, inside {@code step}).
 */
public record BehaviourContext(PrimeConfig config, int replicaId, Signer signer, Hasher hasher, KeyDirectory keys,
                               FrameCodec codec) {
}
