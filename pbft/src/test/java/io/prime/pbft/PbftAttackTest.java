package io.prime.pbft;

import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaCore;
import io.prime.pbft.attack.PrePrepareDelayAttack;
import io.prime.pbft.sim.PbftAttacks;
import io.prime.sim.FaultPlan;
import io.prime.sim.ReplicaFactory;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;
import io.prime.sim.SimResult;
import io.prime.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two attacks of paper §3 against the PBFT baseline, at the paper's testbed profile. */
class PbftAttackTest {
    private record Run(SimResult sim, List<PbftReplica> replicas, PbftAttacks.Setup setup, List<ProtocolEvent> events) {
        long installs(long afterNanos) {
            return events.stream().filter(e -> e.type() == ProtocolEvent.Type.VIEW_INSTALLED && e.timeNanos() > afterNanos).count();
        }
    }

    private static Run run(String attack, int replicas, long timeoutMicros, double seconds) {
        SimProfile profile = SimProfile.paper();
        SimConfig.Builder b = SimConfig.builder().profile(profile).replicas(replicas).clients(4 * replicas)
                .durationSeconds(seconds).warmupSeconds(2).seed(1);
        PbftAttacks.Setup setup = PbftAttacks.configure(attack, b, replicas, profile, timeoutMicros, FaultPlan.none());
        b.warmupSeconds(Math.max(2, Math.ceil(setup.stableFromMicros() / 1e6 + 1)));
        ReplicaFactory inner = b.build().replicaFactory;
        List<PbftReplica> cores = new ArrayList<>();
        PbftRuns.Capture capture = new PbftRuns.Capture();
        b.replicaFactory((config, id, signer, hasher) -> {
            ReplicaCore core = inner.create(config, id, signer, hasher);
            PbftReplica honest = core instanceof PrePrepareDelayAttack a ? a.honest() : (PbftReplica) core;
            return capture.wrap(r -> core).apply(honest);
        });
        SimResult result = new Simulation(b.build()).run();
        assertFalse(result.violated(), result.violationReport());
        return new Run(result, capture.replicas, setup, capture.events);
    }

    private static double faultFree(int replicas, long timeoutMicros) {
        SimResult r = new Simulation(PbftRuns.paper(replicas, 4 * replicas, 1, timeoutMicros).durationSeconds(10).build()).run();
        assertFalse(r.violated(), r.violationReport());
        return r.throughput();
    }

    /** §3.1: the leader stays in power and orders about f+1 updates per timeout: < 30 updates/s at 300 ms. */
    @ParameterizedTest
    @ValueSource(ints = {4, 7})
    void preprepareDelayKeepsTheLeaderAndCollapsesThroughput(int replicas) {
        long timeout = 300_000;
        Run run = run(PbftAttacks.PREPREPARE_DELAY, replicas, timeout, 20);
        int f = (replicas - 1) / 3;
        for (PbftReplica p : run.replicas()) {
            assertEquals(0, p.view(), "the delaying leader is never replaced: " + p);
        }
        assertEquals(0, run.installs(0), "no view was ever installed");
        double perTimeout = (f + 1) / (timeout / 1e6);
        double throughput = run.sim().throughput();
        assertTrue(throughput > 0.5 * perTimeout && throughput < 1.6 * perTimeout,
                throughput + " updates/s, expected about f+1 per timeout = " + perTimeout + "\n" + run.sim().humanSummary());
        assertTrue(throughput < 30, "the paper: fewer than 30 updates/s at 300 ms");
        double free = faultFree(replicas, timeout);
        assertTrue(free > 5 * throughput, "fault-free " + free + " vs attacked " + throughput);
    }

    /** With BFT's default 5 s timeout the leader orders about f+1 updates per 5 s (the paper: ~2 updates/s). */
    @Test
    void preprepareDelayWithTheDefaultTimeout() {
        Run run = run(PbftAttacks.PREPREPARE_DELAY, 7, 5_000_000, 60);
        assertEquals(0, run.installs(0));
        double throughput = run.sim().throughput();
        assertTrue(throughput > 0.3 && throughput < 2.5, throughput + " updates/s\n" + run.sim().humanSummary());
    }

    /** §3.2: instability inflates the timeout (never to shrink again), then the delaying leader uses the larger one. */
    @Test
    void timeoutInflationThenDelay() {
        long timeout = 300_000;
        Run inflated = run(PbftAttacks.TIMEOUT_INFLATION, 4, timeout, 20);
        int attacker = inflated.setup().attacker();
        int active = 0;
        for (PbftReplica p : inflated.replicas()) {
            assertEquals(attacker, p.view(), "the faulty leader of view k is in power: " + p);
            if (p.active()) {
                active++;
                assertEquals(timeout * 1_000 << attacker, p.timeoutNanos(), "timeout doubled " + attacker + " times: " + p);
            } else {
                // a correct server outside S suspects the leader, alone: it keeps trying later views, doubling again
                assertTrue(p.timeoutNanos() > timeout * 1_000 << attacker, p.toString());
            }
        }
        assertEquals(3, active, "the leader and the f+1 servers of S stay in its view");
        long stable = inflated.setup().stableFromMicros() * 1_000;
        long suspecting = inflated.events().stream().filter(e -> e.type() == ProtocolEvent.Type.LEADER_SUSPECTED
                && e.timeNanos() > stable).map(ProtocolEvent::replica).distinct().count();
        assertTrue(suspecting <= 1, "once the network is stable at most f correct servers suspect the leader: " + suspecting);
        double attacked = run(PbftAttacks.PREPREPARE_DELAY, 4, timeout, 20).sim().throughput();
        double throughput = inflated.sim().throughput();
        assertTrue(throughput < attacked / 4, "inflated " + throughput + " vs " + attacked + " updates/s with the initial timeout");
        assertTrue(throughput > 0.5 * 2 / (timeout * 8 / 1e6), "about f+1 per inflated timeout: " + throughput);
    }

    @Tag("long")
    @Test
    void timeoutInflationWithSevenReplicas() {
        Run inflated = run(PbftAttacks.TIMEOUT_INFLATION, 7, 300_000, 30);
        for (PbftReplica p : inflated.replicas()) {
            assertEquals(inflated.setup().attacker(), p.view(), p.toString());
        }
        assertTrue(inflated.sim().throughput() < 3, inflated.sim().humanSummary());
    }
}
