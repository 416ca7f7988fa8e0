package io.prime.pbft;

import io.prime.sim.SimConfig;
import io.prime.sim.SimResult;
import io.prime.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault-free behaviour: determinism, a closed-loop latency near the protocol's rounds, bounded memory. */
class PbftRunTest {
    private static Map<String, Object> withoutWallClock(SimResult r) {
        Map<String, Object> m = new LinkedHashMap<>(r.fields());
        m.remove("wall_seconds");
        return m;
    }

    @Test
    void sameSeedSameRun() {
        SimConfig config = PbftRuns.paper(4, 16, 42, 300_000).faultPlan(new io.prime.sim.FaultPlan(0.02, 0.01, 0.05, 20_000,
                java.util.List.of(), 0, 3_000_000)).build();
        assertEquals(withoutWallClock(new Simulation(config).run()), withoutWallClock(new Simulation(config).run()));
        assertNotEquals(new Simulation(PbftRuns.paper(4, 16, 1, 300_000).build()).run().fields().get("events"),
                new Simulation(PbftRuns.paper(4, 16, 2, 300_000).build()).run().fields().get("events"));
    }

    /** 50 ms links: REQUEST to the leader, PRE-PREPARE, PREPARE, COMMIT, and one reply from another server: ~250 ms. */
    @Test
    void latencyMatchesTheProtocolRounds() {
        SimResult r = new Simulation(PbftRuns.paper(4, 8, 1, 5_000_000).build()).run();
        assertFalse(r.violated(), r.violationReport());
        assertTrue(r.latencyMs("p50") > 200 && r.latencyMs("p50") < 300, r.humanSummary());
    }

    @Test
    void memoryStaysBoundedOverALongRun() {
        PbftRuns.Capture capture = new PbftRuns.Capture();
        PbftConfig config = io.prime.pbft.sim.PbftSim.config(1, io.prime.sim.SimProfile.paper(), 5_000_000);
        SimResult r = new Simulation(PbftRuns.paper(4, 40, 1, 5_000_000).durationSeconds(20)
                .replicaFactory(io.prime.pbft.sim.PbftSim.wrapped(config, capture.wrap(x -> x))).build()).run();
        assertFalse(r.violated(), r.violationReport());
        for (PbftReplica p : capture.replicas) {
            int[] sizes = p.heldSizes(); // log slots, bodies, retained, checkpoint sets, executed bodies
            assertTrue(p.stableCheckpoint() > 0, "checkpoints became stable: " + p);
            assertTrue(sizes[0] <= config.logWindow + config.checkpointInterval, "log " + sizes[0]);
            assertTrue(sizes[2] <= config.retention, "retained " + sizes[2]);
            assertTrue(sizes[3] <= 2 * config.logWindow / config.checkpointInterval + 1, "checkpoints " + sizes[3]);
            assertTrue(p.lastExecuted() > 2 * config.retention, "ran long enough to test the bound: " + p);
        }
    }
}
