package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.message.Message;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ReplicaCore;

import java.util.ArrayList;
import java.util.List;

/**
 * What a Byzantine behaviour knows: its replica's identity and configuration, the coalition of faulty replicas (they
 * collude), the replica's own {@link Signer} and {@link Hasher}, so it can sign messages it alters or invents, and its
 * own wrapped honest core, whose state it may read (a faulty server knows everything its own process knows: its view,
 * the TAT_acceptable it computed, the public threshold material). It holds no other replica's key: whatever it sends
 * that claims to come from someone else fails verification.
 *
 * @param config     the cluster's protocol configuration
 * @param self       this replica's id
 * @param faultyMask bit i set for every faulty replica (including this one)
 * @param signer     this replica's signing key
 * @param hasher     this replica's hasher
 * @param honest     the wrapped honest core, read-only; null in tests that have none
 */
public record AttackContext(PrimeConfig config, int self, long faultyMask, Signer signer, Hasher hasher, ReplicaCore honest) {
    /** A context without a wrapped core (behaviour tests): the view reads as 0. */
    public AttackContext(PrimeConfig config, int self, long faultyMask, Signer signer, Hasher hasher) {
        this(config, self, faultyMask, signer, hasher, null);
    }

    /** The wrapped core if it is an honest {@link PrimeReplica}, else null. */
    public PrimeReplica prime() {
        return honest instanceof PrimeReplica p ? p : null;
    }

    /** The view the wrapped core is in (preinstalled); 0 without a core. */
    public long view() {
        PrimeReplica p = prime();
        if (p != null) {
            return p.view();
        }
        return honest == null ? 0 : honest.status().view();
    }

    /** Whether this replica leads its current view. */
    public boolean isLeader() {
        return config.leaderOf(view()) == self;
    }

    /** TAT_acceptable as the wrapped core computed it, in nanoseconds; {@link Long#MAX_VALUE} if not known (yet). */
    public long tatAcceptableNanos() {
        PrimeReplica p = prime();
        long micros = p == null ? Long.MAX_VALUE : p.tatAcceptableMicros();
        return micros >= Long.MAX_VALUE / 1_000 ? Long.MAX_VALUE : micros * 1_000;
    }

    /** The servers other than this one, as a mask. */
    public long othersMask() {
        return allMask() & ~(1L << self);
    }
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
