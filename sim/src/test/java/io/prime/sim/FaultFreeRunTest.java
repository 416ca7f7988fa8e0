package io.prime.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prime's ordering path end to end (§4.1): every correct replica executes every update, in one order. */
class FaultFreeRunTest {
    @ParameterizedTest
    @ValueSource(ints = {4, 7})
    void everyReplicaExecutesTheSameUpdates(int replicas) {
        SimResult r = new Simulation(Runs.lan(replicas, 30, 3).build()).run();
        assertFalse(r.violated(), r.humanSummary());
        assertTrue(r.executedUpdates() > 1000, "ordered only " + r.executedUpdates());
        long first = -1;
        for (Map<String, Object> replica : r.perReplica()) {
            long executed = ((Number) replica.get("executed")).longValue();
            if (first < 0) {
                first = executed;
            }
            // All replicas execute at the same pace; at the end of the run they differ by at most a PRE-PREPARE.
            assertTrue(Math.abs(executed - first) <= 200, "replica executed " + executed + " vs " + first);
            assertEquals(Map.of(), withoutDuplicates(replica.get("rejected")), "fault-free run rejected messages");
        }
    }

    @Test
    void paperProfileMatchesThePathModel() {
        // At low load an update takes six 50 ms rounds (PO-REQUEST, PO-ACK, PO-ARU, PRE-PREPARE, PREPARE, COMMIT) and
        // a remote reply: about 350 ms, plus aggregation and CPU time. It cannot be faster than the rounds.
        SimResult r = new Simulation(Runs.paper(4, 8, 5).build()).run();
        assertFalse(r.violated(), r.humanSummary());
        assertTrue(r.latencyMs("p50") >= 350, "faster than the network allows: " + r.latencyMs("p50"));
        assertTrue(r.latencyMs("p50") <= 450, "slower than the path model: " + r.latencyMs("p50"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> withoutDuplicates(Object rejected) {
        Map<String, Long> m = new java.util.TreeMap<>((Map<String, Long>) rejected);
        m.remove("duplicate"); // flooded PRE-PREPAREs arrive several times by design
        return m;
    }
}
