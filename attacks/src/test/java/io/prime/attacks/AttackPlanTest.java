package io.prime.attacks;

import io.prime.core.app.HashChainStateMachine;
import io.prime.core.crypto.Hasher;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ReplicaCore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AttackPlanTest {
    static {
        Behaviours.register(new Behaviours.Entry("test-leader", "a leader attack, for placement tests", true, c -> new Silent()));
    }

    @Test
    void defaultPlacementTakesTheHighestIdsAndTheLeaderForLeaderAttacks() {
        assertEquals(List.of(3), AttackPlan.of(List.of("recon"), 4).faultyIds());
        assertEquals(List.of(6, 5), AttackPlan.of(List.of("recon", "silent"), 7).faultyIds());
        AttackPlan mixed = AttackPlan.of(List.of("test-leader", "recon"), 7);
        assertEquals(List.of(0, 6), mixed.faultyIds());
        assertEquals((1L << 0) | (1L << 6), mixed.faultyMask());
        assertEquals("test-leader", mixed.behaviourOf(0));
        assertEquals("recon", mixed.behaviourOf(6));
        assertNull(mixed.behaviourOf(3));
        assertEquals(List.of("--attack", "test-leader,recon"), mixed.arguments());
        assertEquals(List.of(9, 8, 7), AttackPlan.of(List.of("recon", "garbage", "silent"), 10).faultyIds());
    }

    @Test
    void aPlusBRunsBothBehavioursOnOneReplica() {
        // f = 1: the paper's §7 attack on 4 servers is the leader delaying and forcing reconciliation at once
        AttackPlan one = AttackPlan.of(List.of("test-leader+recon"), 4);
        assertEquals(List.of(0), one.faultyIds(), "a composition targets the leader if any part does");
        assertEquals(List.of("--attack", "test-leader+recon"), one.arguments());
        assertEquals(List.of(0, 6), AttackPlan.of(List.of("test-leader+recon", "recon"), 7).faultyIds());
        assertEquals(List.of(3), AttackPlan.of(List.of("recon+silent"), 4).faultyIds());

        Fixture fx = new Fixture(1, 3, 1L << 3);
        ReplicaCore honest3 = new PrimeReplica(fx.config, 3, fx.keys.replicaSigner(3), new Hasher(), new HashChainStateMachine(), fx.threshold, fx.threshold.signer(3));
        ReplicaCore wrapped = AttackPlan.of(List.of("recon+silent"), 4).wrap(honest3, fx.config, 3, fx.keys.replicaSigner(3), new Hasher());
        assertEquals("recon+silent", assertInstanceOf(ByzantineReplica.class, wrapped).behaviour().name());

        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("recon+nope"), 4), "unknown part");
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("recon+"), 4), "empty part");
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("test-leader+recon", "test-leader"), 7),
                "two behaviours on the leader");
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("test-leader+leader-delay"), 4),
                "two leader attacks in one composition");
        assertEquals(List.of(0), AttackPlan.of(List.of("leader-delay+recon"), 4).faultyIds(),
                "the composition runs where its leader part must: the leader of view 0");
        assertEquals(List.of(1), AttackPlan.of(List.of("recon+conflicting-replay"), 4).faultyIds(),
                "a part that attacks as the leader of view 1 puts the composition on replica 1");
    }

    @Test
    void leaderAttacksRunOnTheLeaderOfTheirView() {
        assertEquals(List.of(0, 6), AttackPlan.of(List.of("leader-delay", "recon"), 7).faultyIds());
        assertEquals(List.of(1), AttackPlan.of(List.of("conflicting-replay"), 4).faultyIds());
        assertEquals(List.of(1, 6), AttackPlan.of(List.of("slow-view-change", "recon"), 7).faultyIds());
        assertEquals(List.of(3), AttackPlan.of(List.of("timeout-inflation"), 4).faultyIds());
        assertEquals(List.of(0, 1), AttackPlan.of(List.of("leader-delay-greedy", "conflicting-replay"), 7).faultyIds());
        assertEquals(1, Behaviours.get("conflicting-replay").leaderOfView());
        assertEquals(-1, Behaviours.get("recon").leaderOfView());
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("leader-delay", "stale-matrix"), 7),
                "two behaviours for the leader of view 0");
        assertEquals(List.of(2, 5), AttackPlan.of(List.of("leader-delay", "stale-matrix"), List.of(2, 5), 7).faultyIds());
    }

    @Test
    void explicitIdsOverrideAndAreReplayed() {
        AttackPlan p = AttackPlan.of(List.of("recon", "garbage"), List.of(1, 4), 7);
        assertEquals(List.of(1, 4), p.faultyIds());
        assertEquals(List.of("--attack", "recon,garbage", "--faulty", "1,4"), p.arguments());
    }

    @Test
    void invalidPlansAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("recon", "recon"), 4), "more than f");
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("nope"), 4));
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("recon"), List.of(4), 4));
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("recon", "silent"), List.of(2, 2), 7));
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.of(List.of("recon"), List.of(1, 2), 7));
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.parseNames("recon,,silent"));
        assertThrows(IllegalArgumentException.class, () -> AttackPlan.parseIds("1,x"));
    }

    @Test
    void faultyReplicasAreWrappedCorrectOnesAreNot() {
        AttackPlan p = AttackPlan.of(List.of("recon"), 4);
        Fixture fx = new Fixture(1, 3, 1L << 3);
        ReplicaCore honest0 = new PrimeReplica(fx.config, 0, fx.keys.replicaSigner(0), new Hasher(), new HashChainStateMachine(), fx.threshold, fx.threshold.signer(0));
        assertSame(honest0, p.wrap(honest0, fx.config, 0, fx.keys.replicaSigner(0), new Hasher()));
        ReplicaCore honest3 = new PrimeReplica(fx.config, 3, fx.keys.replicaSigner(3), new Hasher(), new HashChainStateMachine(), fx.threshold, fx.threshold.signer(3));
        ReplicaCore wrapped = p.wrap(honest3, fx.config, 3, fx.keys.replicaSigner(3), new Hasher());
        ByzantineReplica b = assertInstanceOf(ByzantineReplica.class, wrapped);
        assertEquals("recon", b.behaviour().name());
        assertEquals(3, b.id());
    }
}
