package io.prime.sim;

import io.prime.core.Rejections;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * §5: a leader that crashes in the middle of ordering is replaced; the view change loses nothing that any correct
 * server executed and executes nothing twice (the checkers run after every event), and ordering resumes.
 */
class ViewChangeTest {
    /** A replica that stops sending anything from {@code crashAtNanos} on (a crash; it keeps its state). */
    static ReplicaFactory crashing(int crashedId, long crashAtNanos, long seed) {
        return (config, id, signer, hasher) -> {
            PrimeReplica honest = HonestReplicas.prime(config, id, signer, hasher, seed);
            if (id != crashedId) {
                return honest;
            }
            return new ReplicaCore() {
                @Override
                public int id() {
                    return id;
                }

                @Override
                public Outputs step(List<Input> inputs, long nowNanos) {
                    if (nowNanos >= crashAtNanos) {
                        return new Outputs(List.of(), List.of(), List.of(), Long.MAX_VALUE);
                    }
                    return honest.step(inputs, nowNanos);
                }

                @Override
                public Rejections rejections() {
                    return honest.rejections();
                }

                @Override
                public ReplicaStatus status() {
                    return honest.status();
                }
            };
        };
    }

    /**
     * A replica that misses a whole view change (cut off while it happens) catches up afterwards from the other
     * replicas' REPLAY-CERTIFICATE (the replay window's outcome, proven by 2f+1 signed REPLAY-COMMITs) and ORDER
     * certificates, and then executes exactly what they executed.
     */
    @ParameterizedTest
    @CsvSource({"1", "2"})
    void aReplicaThatMissedTheViewChangeCatchesUp(long seed) {
        FaultPlan cutOff = new FaultPlan(0, 0, 0, 0, List.of(new FaultPlan.Partition(800_000, 2_500_000, 1L << 6)), 0, 0);
        SimConfig config = Runs.lan(7, 20, seed).durationSeconds(5).faultPlan(cutOff)
                .replicaFactory(crashing(0, 1_000_000_000L, seed))
                .faultyMask(1L)
                .build();
        SimResult r = new Simulation(config).run();
        assertFalse(r.violated(), r.humanSummary());
        long max = 0;
        long min = Long.MAX_VALUE;
        for (Map<String, Object> p : r.perReplica()) {
            if ((int) p.get("id") == 0) {
                continue;
            }
            assertTrue(((Number) p.get("view")).longValue() >= 1, "replica " + p.get("id") + " still in view 0\n" + r.humanSummary());
            long executed = ((Number) p.get("executed")).longValue();
            max = Math.max(max, executed);
            min = Math.min(min, executed);
        }
        assertTrue(max - min <= 300, "replica 6 did not catch up: min " + min + " max " + max + "\n" + r.humanSummary());
    }

    @ParameterizedTest
    @CsvSource({"4, 1", "4, 2", "7, 3"})
    void crashedLeaderIsReplacedAndNothingIsLost(int replicas, long seed) {
        long crashAt = 1_000_000_000L;
        SimConfig config = Runs.lan(replicas, 20, seed).durationSeconds(3)
                .replicaFactory(crashing(0, crashAt, seed))
                .faultyMask(1L) // the crashed leader is not held to the invariants
                .build();
        SimResult r = new Simulation(config).run();
        assertFalse(r.violated(), r.humanSummary());
        long minExecuted = Long.MAX_VALUE;
        for (Map<String, Object> p : r.perReplica()) {
            if ((int) p.get("id") == 0) {
                continue;
            }
            assertTrue(((Number) p.get("view")).longValue() >= 1, "replica " + p.get("id") + " still in view 0\n" + r.humanSummary());
            minExecuted = Math.min(minExecuted, ((Number) p.get("executed")).longValue());
        }
        // Ordering resumed after the crash: the correct replicas executed far more than before it.
        long beforeCrash = ((Number) r.perReplica().get(0).get("executed")).longValue();
        assertTrue(minExecuted > beforeCrash + 1000, "no progress after the crash: " + minExecuted + " vs " + beforeCrash
                + "\n" + r.humanSummary());
    }
}
