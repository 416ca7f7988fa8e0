package io.prime.sim;

import io.prime.attacks.AttackPlan;
import io.prime.attacks.ByzantineReplica;
import io.prime.attacks.LeaderDelay;
import io.prime.core.replica.ProtocolEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attacks on the leader (docs/attacks.md, paper §3, §4.2, §5, §7), each on 4 and 7 replicas (with 7, a second
 * faulty server runs {@code recon}, the paper's §7 setting). Every run keeps SAFETY, VALIDITY and exactly-once (the
 * checkers run after every event), and the faulty leader is either replaced (a view change installs a view whose
 * leader is correct) or held to the bound: BOUNDED-DELAY's β holds after stabilization and no view change happens.
 */
class LeaderAttackRunTest {
    /** A finished run with the simulation, so a test can look at protocol events and the behaviours. */
    record Run(Simulation sim, SimResult result, AttackPlan plan) {
        long faultyMask() {
            return plan.faultyMask();
        }

        boolean faulty(int replica) {
            return (faultyMask() & (1L << replica)) != 0;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> views() {
            return (List<Map<String, Object>>) result.fields().get("views");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> boundedDelay() {
            return (Map<String, Object>) result.fields().get("bounded_delay");
        }

        double bd(String key) {
            return ((Number) boundedDelay().get(key)).doubleValue();
        }

        int lastLeader() {
            return ((Number) views().get(views().size() - 1).get("leader")).intValue();
        }

        long lastView() {
            return ((Number) views().get(views().size() - 1).get("view")).longValue();
        }

        /** Events of correct replicas of {@code type} whose description contains {@code text}. */
        List<ProtocolEvent> events(ProtocolEvent.Type type, String text) {
            return sim.protocolEvents().stream().filter(e -> e.type() == type && !faulty(e.replica())
                    && e.description().contains(text)).toList();
        }

        /** The behaviour of the faulty replica {@code id}. */
        Object behaviour(int id) {
            return ((ByzantineReplica) sim.replicas()[id].core).behaviour();
        }

        String summary() {
            return result.humanSummary() + "views " + views() + "\nbounded_delay " + boundedDelay() + "\nsuspicions "
                    + result.fields().get("suspicions") + "\nreplay: " + sim.config().commandLine();
        }
    }

    static Run run(SimConfig.Builder b, String attack) {
        AttackPlan plan = AttackPlan.of(AttackPlan.parseNames(attack), b.build().replicas);
        b.extraArguments(plan.arguments());
        Simulation sim = new Simulation(SimAttacks.apply(b, plan).build());
        return new Run(sim, sim.run(), plan);
    }

    /** The §7 composition: with 7 replicas a second faulty server forces reconciliation. */
    static String withRecon(String attack, int n) {
        return n == 7 ? attack + ",recon" : attack;
    }

    static Run lan(String attack, int n, long seed) {
        return run(Runs.lan(n, 20, seed), withRecon(attack, n));
    }

    /** No invariant violated, and every correct replica executed about as much as the most advanced one. */
    static void assertSafeAndLive(Run r) {
        AttackRunTest.assertCorrectReplicasExecutedEverything(r.result());
    }

    /** The faulty leader was replaced: the final view's leader is correct, after at least one view change. */
    static void assertReplaced(Run r) {
        assertTrue(((Number) r.result().fields().get("view_changes")).intValue() >= 1, "no view change\n" + r.summary());
        assertFalse(r.faulty(r.lastLeader()), "the last view's leader " + r.lastLeader() + " is faulty\n" + r.summary());
    }

    /** The faulty leader stayed in power (no view change after its view) and BOUNDED-DELAY's β held. */
    static void assertHeldToBeta(Run r, long leaderView) {
        assertEquals(leaderView, r.lastView(), "the faulty leader did not stay in power\n" + r.summary());
        assertTrue(r.faulty(r.lastLeader()), r.summary());
        assertTrue(r.bd("updates_measured") > 100, "too few updates measured after stabilization\n" + r.summary());
        assertTrue(Boolean.TRUE.equals(r.boundedDelay().get("holds")), "β does not hold\n" + r.summary());
    }

    /** Either replaced or held to β: what Prime promises whatever the leader does (Property 4.1, §6). */
    static void assertReplacedOrHeldToBeta(Run r) {
        if (r.faulty(r.lastLeader())) {
            assertHeldToBeta(r, r.lastView());
        } else {
            assertReplaced(r);
        }
    }

    static Stream<Arguments> sizes(int seeds) {
        return Stream.of(4, 7).flatMap(n -> IntStream.rangeClosed(1, seeds).mapToObj(s -> Arguments.of(n, (long) s)));
    }

    static Stream<Arguments> oneSeed() {
        return sizes(1);
    }

    static Stream<Arguments> manySeeds() {
        return sizes(25);
    }

    // ------------------------------------------------------------------ leader-delay (§7, Fig. 2B)

    static void checkLeaderDelay(int n, long seed) {
        Run r = lan(LeaderDelay.NAME, n, seed);
        assertSafeAndLive(r);
        assertEquals(0, ((Number) r.result().fields().get("view_changes")).intValue(), "replaced\n" + r.summary());
        assertHeldToBeta(r, 0);
        LeaderDelay ld = (LeaderDelay) r.behaviour(0);
        assertTrue(ld.droppedPoArus() > 1000, "PO-ARUs were not ignored: " + ld.droppedPoArus());
        assertTrue(ld.answeredProofMatrices() > 1000 && ld.meanAnswerDelayMillis() > 1,
                "PROOF-MATRIX messages were not answered late: " + ld.answeredProofMatrices() + " at "
                        + ld.meanAnswerDelayMillis() + " ms\n" + ld.describe());
    }

    @ParameterizedTest(name = "leader-delay on {0} replicas, seed {1}")
    @MethodSource("oneSeed")
    void leaderDelayStaysInPowerAndIsHeldToBeta(int n, long seed) {
        checkLeaderDelay(n, seed);
    }

    @Tag("long")
    @ParameterizedTest(name = "leader-delay on {0} replicas, seed {1}")
    @MethodSource("manySeeds")
    void leaderDelaySweep(int n, long seed) {
        checkLeaderDelay(n, seed);
    }

    // ------------------------------------------------------------------ behaviours that get the leader replaced

    static void checkReplaced(String attack, int n, long seed) {
        Run r = lan(attack, n, seed);
        assertSafeAndLive(r);
        assertReplaced(r);
        assertReplacedOrHeldToBeta(r);
        switch (attack) {
            case "equivocating-preprepare" -> assertFalse(r.events(ProtocolEvent.Type.LEADER_SUSPECTED,
                    "two signed PRE-PREPAREs").isEmpty(), "the equivocation was not proven\n" + r.summary());
            case "conflicting-replay" -> assertFalse(r.events(ProtocolEvent.Type.NOTICE, "two conflicting REPLAYs").isEmpty(),
                    "the conflicting REPLAYs were not noticed\n" + r.summary());
            case "slow-view-change" -> assertTrue(r.events(ProtocolEvent.Type.VIEW_INSTALLED, "view 1 installed").isEmpty(),
                    "the withheld REPLAY's view was installed\n" + r.summary());
            default -> {
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1} replicas, seed {2}")
    @CsvSource({
        "leader-delay-greedy, 4, 1", "leader-delay-greedy, 7, 1",
        "equivocating-preprepare, 4, 1", "equivocating-preprepare, 7, 1",
        "stale-matrix, 4, 1", "stale-matrix, 7, 1",
        "conflicting-replay, 4, 1", "conflicting-replay, 7, 1",
        "slow-view-change, 4, 1", "slow-view-change, 7, 1"})
    void theFaultyLeaderIsReplacedByACorrectOne(String attack, int n, long seed) {
        checkReplaced(attack, n, seed);
    }

    static Stream<Arguments> replacedSweep() {
        return Stream.of("leader-delay-greedy", "equivocating-preprepare", "stale-matrix", "conflicting-replay",
                "slow-view-change").flatMap(a -> sizes(10).map(x -> Arguments.of(a, x.get()[0], x.get()[1])));
    }

    @Tag("long")
    @ParameterizedTest(name = "{0} on {1} replicas, seed {2}")
    @MethodSource("replacedSweep")
    void theFaultyLeaderIsReplacedSweep(String attack, int n, long seed) {
        checkReplaced(attack, n, seed);
    }

    /** f = 2: a greedy leader of view 0 gets itself replaced, and the faulty leader of view 1 sends conflicting REPLAYs. */
    @ParameterizedTest(name = "leader-delay-greedy,conflicting-replay on 7 replicas, seed {0}")
    @CsvSource({"2"})
    void twoFaultyLeadersInARow(long seed) {
        Run r = run(Runs.lan(7, 20, seed), "leader-delay-greedy,conflicting-replay");
        assertSafeAndLive(r);
        assertReplaced(r);
        assertEquals(2, r.lastLeader(), r.summary());
        assertFalse(r.events(ProtocolEvent.Type.NOTICE, "two conflicting REPLAYs").isEmpty(), r.summary());
    }

    // ------------------------------------------------------------------ timeout-inflation (§3.2)

    /**
     * After an unstable period that forces three view changes, the faulty leader of view 3 runs leader-delay. Either it
     * stays in power and β holds, or it is replaced by a correct leader (a view change after view 3: the attacker's margin
     * below TAT_acceptable is a few milliseconds under load and it can overshoot; before viewChangeWorkMicros the
     * VC-PROOF to REPLAY turnaround at the start of view 3 could also exceed TAT_acceptable, docs/attacks.md). In both
     * cases the worst latency relative to β is no worse than a plain leader-delay run's, and throughput no lower:
     * nothing that judges the leader grew with the view changes (§3.2, §5.2).
     */
    static void checkTimeoutInflation(int n, long seed) {
        Run inflated = run(Runs.lan(n, 20, seed).durationSeconds(1.5), withRecon(LeaderDelay.TIMEOUT_INFLATION_NAME, n));
        Run plain = run(Runs.lan(n, 20, seed).durationSeconds(1.5), withRecon(LeaderDelay.NAME, n));
        assertSafeAndLive(inflated);
        assertTrue(((Number) inflated.result().fields().get("view_changes")).intValue() >= 3, inflated.summary());
        assertTrue(inflated.lastView() >= 3, "the instability did not reach view 3\n" + inflated.summary());
        if (inflated.lastView() == 3) {
            assertHeldToBeta(inflated, 3);
        } else {
            assertReplaced(inflated);
            assertTrue(inflated.bd("updates_measured") > 100, inflated.summary());
            assertTrue(Boolean.TRUE.equals(inflated.boundedDelay().get("holds")), "β does not hold\n" + inflated.summary());
        }
        assertHeldToBeta(plain, 0);
        double ratioInflated = inflated.bd("max_latency_ms") / inflated.bd("beta_ms");
        double ratioPlain = plain.bd("max_latency_ms") / plain.bd("beta_ms");
        assertTrue(ratioInflated <= ratioPlain * 1.25 + 0.05, "slower after the instability: max latency / β "
                + ratioInflated + " against " + ratioPlain + " without it\n" + inflated.summary() + "\n" + plain.summary());
        assertTrue(inflated.result().throughput() >= 0.8 * plain.result().throughput(), "throughput "
                + inflated.result().throughput() + " against " + plain.result().throughput());
    }

    @ParameterizedTest(name = "timeout-inflation on {0} replicas, seed {1}")
    @MethodSource("oneSeed")
    void noTimeoutGrowsWithViewChanges(int n, long seed) {
        checkTimeoutInflation(n, seed);
    }

    @Tag("long")
    @ParameterizedTest(name = "timeout-inflation on {0} replicas, seed {1}")
    @MethodSource("manySeeds")
    void noTimeoutGrowsSweep(int n, long seed) {
        checkTimeoutInflation(n, seed);
    }
}
