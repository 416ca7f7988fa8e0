package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.message.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * What a Byzantine behaviour knows: its replica's identity and configuration, the coalition of faulty replicas (they
 * collude), and the replica's own {@link Signer} and {@link Hasher}, so it can sign messages it alters or invents. It
 * holds no other replica's key: whatever it sends that claims to come from someone else fails verification.
 *
 * @param config     the cluster's protocol configuration
 * @param self       this replica's id
 * @param faultyMask bit i set for every faulty replica (including this one)
 * @param signer     this replica's signing key
 * @param hasher     this replica's hasher
 */
public record AttackContext(PrimeConfig config, int self, long faultyMask, Signer signer, Hasher hasher) {
    public int n() {
        return config.replicas;
    }

    public int f() {
        return config.faults;
    }

    public boolean isFaulty(int replica) {
        return (faultyMask & (1L << replica)) != 0;
    }

    /** Every replica as a mask. */
    public long allMask() {
        return n() == 64 ? -1L : (1L << n()) - 1;
    }

    /** The correct replicas as a mask. */
    public long correctMask() {
        return allMask() & ~faultyMask;
    }

    /** Correct replica ids in increasing order. */
    public List<Integer> correctIds() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n(); i++) {
            if (!isFaulty(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Signs {@code messages} as one Merkle batch with this replica's key, as the honest outbox does. */
    public List<Frame> sign(List<? extends Message> messages) {
        return FrameCodec.signBatch(messages, signer, hasher);
    }

    /** One batch-signed message in a batch of its own. */
    public Frame sign(Message message) {
        return sign(List.of(message)).get(0);
    }
}
