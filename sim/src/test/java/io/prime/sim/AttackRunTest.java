package io.prime.sim;

import io.prime.attacks.AttackPlan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
 * Runs under attack (docs/attacks.md): the faulty replicas run an honest core wrapped in a behaviour, the checkers
 * hold only the correct ones to SAFETY, VALIDITY and exactly-once, and every correct replica must keep executing
 * everything the others execute.
 */
class AttackRunTest {
    static SimResult run(SimConfig.Builder b, String attack) {
        AttackPlan plan = AttackPlan.of(AttackPlan.parseNames(attack), b.build().replicas);
        return new Simulation(SimAttacks.apply(b, plan).build()).run();
    }

    /** No violation, and every correct replica executed within one PRE-PREPARE's worth of the most advanced. */
    static void assertCorrectReplicasExecutedEverything(SimResult r) {
        assertFalse(r.violated(), r.humanSummary());
        long max = 0;
        long min = Long.MAX_VALUE;
        for (Map<String, Object> replica : correct(r)) {
            long executed = ((Number) replica.get("executed")).longValue();
            max = Math.max(max, executed);
            min = Math.min(min, executed);
        }
        assertTrue(max > 500, "too little executed: " + max + "\n" + r.humanSummary());
        assertTrue(max - min <= 300, "a correct replica is behind: min " + min + " max " + max + "\n" + r.humanSummary());
    }

    static List<Map<String, Object>> correct(SimResult r) {
        return r.perReplica().stream().filter(m -> !Boolean.TRUE.equals(m.get("faulty"))).toList();
    }

    @SuppressWarnings("unchecked")
    static long reconciliationBytes(Map<String, Object> replica) {
        return ((Map<String, Long>) replica.get("uplink_bytes_by_class")).get("reconciliation");
    }

    @SuppressWarnings("unchecked")
    static long rejected(Map<String, Object> replica, String reason) {
        return ((Map<String, Long>) replica.get("rejected")).getOrDefault(reason, 0L);
    }

    static Stream<Arguments> reconSeeds(int seeds) {
        return Stream.of(4, 7).flatMap(n -> IntStream.rangeClosed(1, seeds).mapToObj(s -> Arguments.of(n, (long) s)));
    }

    static Stream<Arguments> fewSeeds() {
        return reconSeeds(4);
    }

    static Stream<Arguments> manySeeds() {
        return reconSeeds(100);
    }

    static void checkRecon(int n, long seed) {
        SimResult r = run(Runs.lan(n, 20, seed), "recon");
        assertCorrectReplicasExecutedEverything(r);
        // Every update needed reconciliation somewhere: correct servers sent parts.
        long parts = correct(r).stream().mapToLong(AttackRunTest::reconciliationBytes).sum();
        assertTrue(parts > 100_000, "little reconciliation traffic: " + parts + "\n" + r.humanSummary());
    }

    @ParameterizedTest(name = "recon on {0} replicas, seed {1}")
    @MethodSource("fewSeeds")
    void reconciliationAttack(int n, long seed) {
        checkRecon(n, seed);
    }

    @Tag("long")
    @ParameterizedTest(name = "recon on {0} replicas, seed {1}")
    @MethodSource("manySeeds")
    void reconciliationAttackSweep(int n, long seed) {
        checkRecon(n, seed);
    }

    /** Parts lost in an unstable period are sent again (the senders see the receiver stuck), so nobody blocks. */
    @ParameterizedTest(name = "recon with loss on {0} replicas, seed {1}")
    @CsvSource({"4,3", "7,4"})
    void reconciliationAttackWithMessageLoss(int n, long seed) {
        FaultPlan faults = new FaultPlan(0.05, 0.02, 0.05, 3_000, List.of(), 0, 1_000_000);
        SimResult r = run(Runs.lan(n, 20, seed).durationSeconds(2.5).faultPlan(faults), "recon");
        assertTrue(((Number) r.fields().get("messages_dropped_by_faults")).longValue() > 0, "no fault was injected");
        assertCorrectReplicasExecutedEverything(r);
    }

    @ParameterizedTest(name = "inconsistent-aru on {0} replicas")
    @CsvSource({"4", "7"})
    void inconsistentPoArusGetTheSenderBlacklistedEverywhere(int n) {
        SimResult r = run(Runs.lan(n, 20, 5), "inconsistent-aru");
        assertCorrectReplicasExecutedEverything(r);
        for (Map<String, Object> replica : correct(r)) {
            assertEquals(List.of(n - 1), replica.get("blacklisted"), "replica " + replica.get("id"));
        }
    }

    @Test
    void silentReplicasDoNotStopTheOthers() {
        SimResult r = run(Runs.lan(7, 20, 6), "silent,silent");
        assertCorrectReplicasExecutedEverything(r);
        assertEquals(2, r.perReplica().stream().filter(m -> Boolean.TRUE.equals(m.get("faulty"))).count());
    }

    @ParameterizedTest(name = "garbage on {0} replicas")
    @CsvSource({"4", "7"})
    void garbageIsSeenAndRefused(int n) {
        SimResult r = run(Runs.lan(n, 20, 7), n == 4 ? "garbage" : "garbage,garbage");
        assertCorrectReplicasExecutedEverything(r);
        for (Map<String, Object> replica : correct(r)) {
            assertTrue(rejected(replica, "bad_signature") > 0, "no bad signature refused: " + replica.get("rejected"));
            assertTrue(rejected(replica, "malformed") > 0, "no malformed frame refused: " + replica.get("rejected"));
            assertTrue(rejected(replica, "inconsistent") > 0, "no wrong digest noticed: " + replica.get("rejected"));
        }
    }
}
