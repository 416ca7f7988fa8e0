package io.prime.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safety holds whatever the network does (§2); once it is stable again (PRIME-STABILITY) every correct replica
 * catches up and executes what the others executed.
 */
class NetworkFaultTest {
    static void assertAllCaughtUp(SimResult r) {
        assertFalse(r.violated(), r.humanSummary());
        List<Map<String, Object>> replicas = r.perReplica();
        long max = 0;
        long min = Long.MAX_VALUE;
        for (Map<String, Object> replica : replicas) {
            long executed = ((Number) replica.get("executed")).longValue();
            max = Math.max(max, executed);
            min = Math.min(min, executed);
        }
        assertTrue(max > 0, "nothing executed");
        // Within one PRE-PREPARE's worth of updates at the end of the run.
        assertTrue(max - min <= 300, "a replica is behind: min " + min + " max " + max + "\n" + r.humanSummary());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void lossDuplicationAndReorderingThenStable(long seed) {
        FaultPlan faults = new FaultPlan(0.05, 0.02, 0.05, 3_000, List.of(), 0, 1_000_000);
        SimResult r = new Simulation(Runs.lan(4, 20, seed).durationSeconds(3).faultPlan(faults).build()).run();
        assertAllCaughtUp(r);
        assertTrue(((Number) r.fields().get("messages_dropped_by_faults")).longValue() > 0, "no fault was injected");
    }

    @Test
    void isolatedReplicaCatchesUpAfterThePartitionHeals() {
        FaultPlan faults = new FaultPlan(0, 0, 0, 0,
                List.of(new FaultPlan.Partition(300_000, 1_300_000, 1L << 3)), 0, 0);
        SimResult r = new Simulation(Runs.lan(4, 20, 9).durationSeconds(3).faultPlan(faults).build()).run();
        assertAllCaughtUp(r);
    }

    @Test
    void paperProfileWithLoss() {
        FaultPlan faults = new FaultPlan(0.03, 0.01, 0.03, 20_000, List.of(), 0, 3_000_000);
        SimResult r = new Simulation(Runs.paper(4, 40, 4).durationSeconds(8).faultPlan(faults).build()).run();
        assertAllCaughtUp(r);
    }
}
