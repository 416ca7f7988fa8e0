package io.prime.sim;

import io.prime.core.checkpoint.Checkpoints;
import io.prime.core.replica.PrimeReplica;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints become stable as execution moves on, and a replica too far behind for catch-up gets the state. */
class CheckpointTest {
    /** Builds the run with honest replicas it keeps a handle on (index = replica id). */
    private static SimConfig.Builder keeping(SimConfig.Builder b, List<PrimeReplica> replicas, long seed) {
        return b.replicaFactory((config, id, signer, hasher) -> {
            PrimeReplica r = HonestReplicas.prime(config, id, signer, hasher, seed);
            while (replicas.size() <= id) {
                replicas.add(null);
            }
            replicas.set(id, r);
            return r;
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void checkpointsBecomeStableAndVotesStayBounded(long seed) {
        List<PrimeReplica> replicas = new ArrayList<>();
        int interval = 64;
        SimConfig config = keeping(Runs.lan(4, 20, seed).tune(b -> b.checkpointInterval(interval)), replicas, seed).build();
        SimResult r = new Simulation(config).run();
        assertFalse(r.violated(), r.humanSummary());
        for (PrimeReplica replica : replicas) {
            Checkpoints.Stable stable = replica.checkpoints().stable();
            long executed = replica.status().executedSeq();
            assertTrue(executed > 4 * interval, "too short a run: " + executed);
            assertNotNull(stable, "replica " + replica.id() + " has no stable checkpoint");
            assertEquals(0, stable.seq() % interval);
            // Stability trails execution by at most a couple of intervals (one round of CHECKPOINTs).
            assertTrue(stable.seq() >= executed - 3L * interval, "stable " + stable.seq() + " executed " + executed);
            assertEquals(config.protocolConfig.quorum(), stable.proof().size());
            assertTrue(replica.checkpoints().votesHeld() <= 4 * 4, "votes held " + replica.checkpoints().votesHeld());
            assertTrue(replica.checkpoints().holdsStableState());
            assertEquals(0, replica.checkpoints().transfersCompleted());
        }
    }

    /**
     * Replica 6 is cut off long enough for everyone else to move more than their retention past it: certificates
     * alone cannot bring it back. It is shown a stable checkpoint, fetches the state, installs it and catches up.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void aReplicaBeyondEveryonesRetentionCatchesUpByStateTransfer(long seed) {
        List<PrimeReplica> replicas = new ArrayList<>();
        FaultPlan cutOff = new FaultPlan(0, 0, 0, 0, List.of(new FaultPlan.Partition(600_000, 2_000_000, 1L << 6)), 0, 0);
        SimConfig config = keeping(Runs.lan(7, 20, seed).durationSeconds(4).faultPlan(cutOff)
                .tune(b -> b.checkpointInterval(32).orderRetention(96).preorderRetention(128).preorderHardRetention(256)),
                replicas, seed).build();
        SimResult r = new Simulation(config).run();
        assertFalse(r.violated(), r.humanSummary());
        PrimeReplica lagging = replicas.get(6);
        assertTrue(lagging.checkpoints().transfersCompleted() >= 1, "no state transfer\n" + r.humanSummary());
        long max = 0;
        long min = Long.MAX_VALUE;
        for (Map<String, Object> p : r.perReplica()) {
            long executed = ((Number) p.get("executed")).longValue();
            max = Math.max(max, executed);
            min = Math.min(min, executed);
        }
        assertTrue(max - min <= 300, "replica 6 did not catch up: min " + min + " max " + max + "\n" + r.humanSummary());
        for (PrimeReplica replica : replicas) {
            assertTrue(replica.heldOrderSlots() <= 96 + 1024 + 64, "order slots " + replica.heldOrderSlots());
        }
    }
}
