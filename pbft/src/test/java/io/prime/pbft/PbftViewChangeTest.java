package io.prime.pbft;

import io.prime.core.replica.ProtocolEvent;
import io.prime.pbft.sim.PbftSim;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;
import io.prime.sim.SimResult;
import io.prime.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leader failures: the view change replaces them, nothing is lost or executed twice, and the timeout doubles. */
class PbftViewChangeTest {
    private static final long T0 = 300_000;

    /** Runs PBFT where the replicas in {@code crashAt} go silent at the given times (ns). */
    private static Result run(int replicas, Map<Integer, Long> crashAt, double seconds, long seed) {
        PbftRuns.Capture capture = new PbftRuns.Capture();
        long faulty = 0;
        for (int id : crashAt.keySet()) {
            faulty |= 1L << id;
        }
        SimConfig.Builder b = PbftRuns.paper(replicas, 4 * replicas, seed, T0).durationSeconds(seconds).warmupSeconds(1)
                .faultyMask(faulty);
        b.replicaFactory(PbftSim.wrapped(PbftSim.config((replicas - 1) / 3, SimProfile.paper(), T0), capture.wrap(
                r -> crashAt.containsKey(r.id()) ? new Silent(r, crashAt.get(r.id())) : r)));
        SimResult result = new Simulation(b.build()).run();
        return new Result(result, capture);
    }

    private record Result(SimResult sim, PbftRuns.Capture capture) {
    }

    @Test
    void aSilentLeaderIsReplacedAndNothingIsLostOrExecutedTwice() {
        for (int replicas : new int[] {4, 7}) {
            Result r = run(replicas, Map.of(0, 2_000_000_000L), 5, 3);
            assertFalse(r.sim().violated(), r.sim().violationReport());
            long before = 0;
            for (int id = 1; id < replicas; id++) {
                PbftReplica p = r.capture().get(id);
                assertEquals(1, p.view(), "replica " + id + " moved to view 1 (leader 1): " + p);
                assertTrue(p.active());
                assertEquals(2 * T0 * 1_000, p.timeoutNanos(), "timeout doubled once");
                before = Math.max(before, p.lastExecuted());
            }
            assertTrue(r.capture().count(ProtocolEvent.Type.VIEW_INSTALLED) >= 2L * (replicas / 3) + 1);
            // the clients kept completing after the crash: the measured window starts at 1 s and the crash is at 2 s
            assertTrue(r.sim().throughput() > 10, r.sim().humanSummary());
            // every correct replica executed the same sequence (SAFETY held throughout) and caught up with the others
            long last = r.capture().get(1).lastExecuted();
            for (int id = 2; id < replicas; id++) {
                assertTrue(Math.abs(r.capture().get(id).lastExecuted() - last) <= 16, "replica " + id + " far behind");
            }
        }
    }

    @Test
    void successiveFailuresDoubleTheTimeoutEachTimeAndItNeverShrinks() {
        // leader 0 fails at 2 s; leader 1 (of view 1) at 4 s: two view changes, T = 4 T0 afterwards, and it stays so
        Result r = run(7, new LinkedHashMap<>(Map.of(0, 2_000_000_000L, 1, 4_000_000_000L)), 8, 5);
        assertFalse(r.sim().violated(), r.sim().violationReport());
        for (int id = 2; id < 7; id++) {
            PbftReplica p = r.capture().get(id);
            assertEquals(2, p.view(), "replica " + id + ": " + p);
            assertEquals(4 * T0 * 1_000, p.timeoutNanos(), "doubled twice, never reset by the good leader that followed");
        }
        assertTrue(r.sim().throughput() > 5, r.sim().humanSummary());
    }

    @Test
    void aCorrectLeaderUnderLightLoadIsNeverSuspected() {
        Result r = run(4, Map.of(), 6, 9);
        assertEquals(0, r.capture().count(ProtocolEvent.Type.LEADER_SUSPECTED), r.capture().events.toString());
        assertNotEquals(0, r.sim().executedUpdates());
    }
}
