package io.prime.sim;

import io.prime.core.replica.Executed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkers must catch a replica that breaks SAFETY, VALIDITY or exactly-once, stop the run, and report the seed,
 * the event number, a trace of the last events and the command that replays the run.
 */
class InvariantCheckerTest {
    private SimResult runWithBroken(UnaryOperator<List<Executed>> corruption) {
        SimConfig config = Runs.lan(4, 10, 11)
                .replicaFactory(BrokenReplicas.corrupting(2, 50, corruption))
                .build();
        return new Simulation(config).run();
    }

    @SuppressWarnings("unchecked")
    private static void assertViolation(SimResult r, String invariant, String jsonKey) {
        assertTrue(r.violated(), "the broken replica went unnoticed");
        assertEquals("violated", r.fields().get(jsonKey));
        Map<String, Object> v = (Map<String, Object>) r.fields().get("violation");
        assertEquals(invariant, v.get("invariant"));
        String report = r.violationReport();
        assertTrue(report.contains("seed 11"), report);
        assertTrue(report.contains("event #"), report);
        assertTrue(report.contains("last events:"), report);
        assertTrue(report.contains("replay with: ./prime sim --protocol prime --replicas 4 --clients 10"), report);
        assertTrue(report.contains("--seed 11"), report);
    }

    @Test
    void outOfOrderExecutionViolatesSafety() {
        assertViolation(runWithBroken(BrokenReplicas::swapFirstTwo), "SAFETY", "safety");
    }

    @Test
    void executingAnUpdateNoClientSubmittedViolatesValidity() {
        SimResult r = runWithBroken(BrokenReplicas::invent);
        assertTrue(r.violated());
        // The invented update is caught by whichever checker sees it first: VALIDITY, or SAFETY if a correct replica
        // already executed the real update at that index.
        String invariant = (String) ((Map<?, ?>) r.fields().get("violation")).get("invariant");
        assertTrue(invariant.equals("VALIDITY") || invariant.equals("SAFETY"), invariant);
    }

    @Test
    void validityCheckerAloneCatchesAnInventedUpdate() {
        // With the broken replica as the only one checked, SAFETY cannot fire first: VALIDITY must.
        SimConfig config = Runs.lan(4, 10, 11)
                .replicaFactory(BrokenReplicas.corrupting(2, 50, BrokenReplicas::invent))
                .faultyMask(0b1011) // only replica 2 is held to the invariants
                .build();
        assertViolation(new Simulation(config).run(), "VALIDITY", "validity");
    }

    @Test
    void executingTwiceViolatesExactlyOnce() {
        SimConfig config = Runs.lan(4, 10, 11)
                .replicaFactory(BrokenReplicas.corrupting(2, 50, BrokenReplicas::twice))
                .faultyMask(0b1011)
                .build();
        assertViolation(new Simulation(config).run(), "EXACTLY-ONCE", "exactly_once");
    }

    @Test
    void gapInExecutionViolatesSafety() {
        assertViolation(runWithBroken(BrokenReplicas::skipIndex), "SAFETY", "safety");
    }

    @Test
    void faultyReplicasAreNotHeldToSafety() {
        SimConfig config = Runs.lan(4, 10, 11)
                .replicaFactory(BrokenReplicas.corrupting(2, 50, BrokenReplicas::swapFirstTwo))
                .faultyMask(1L << 2)
                .build();
        SimResult r = new Simulation(config).run();
        assertFalse(r.violated(), r.humanSummary());
    }
}
