package io.prime.sim;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replicas crash and restart from their durable records (DurableRecord): they lose nothing they executed, execute
 * nothing twice (the exactly-once checker runs after every event), never contradict what they signed before (no
 * correct replica is blacklisted for inconsistent PO-ARUs) and go on executing with the others.
 */
class RestartTest {
    private static SimConfig.Builder run(int replicas, long seed, List<SimConfig.Restart> restarts) {
        return Runs.lan(replicas, 20, seed).durationSeconds(3).restarts(restarts)
                .tune(b -> b.checkpointInterval(64));
    }

    private static void assertNobodyBlacklisted(SimResult r) {
        for (Map<String, Object> p : r.perReplica()) {
            assertEquals(List.of(), p.get("blacklisted"), "replica " + p.get("id") + " blacklisted someone\n" + r.humanSummary());
        }
    }

    private static void assertEveryoneCloseTo(SimResult r, long slack) {
        long max = 0;
        long min = Long.MAX_VALUE;
        for (Map<String, Object> p : r.perReplica()) {
            long executed = ((Number) p.get("executed")).longValue();
            max = Math.max(max, executed);
            min = Math.min(min, executed);
        }
        assertTrue(max - min <= slack, "a replica fell behind: min " + min + " max " + max + "\n" + r.humanSummary());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aRestartedReplicaRecoversWhatItExecutedAndKeepsUp(long seed) {
        Simulation sim = new Simulation(run(4, seed, List.of(new SimConfig.Restart(2, 1_300_000, 1_500_000))).build());
        SimResult r = sim.run();
        assertFalse(r.violated(), r.humanSummary());
        assertEquals(1, sim.restarts().size());
        Simulation.RestartOutcome o = sim.restarts().get(0);
        assertTrue(o.executedBeforeCrash() > 1000, "too little executed before the crash: " + o.executedBeforeCrash());
        assertEquals(o.executedBeforeCrash(), o.recovery().executedUpdates(), "the restart lost executed updates");
        assertTrue(o.recovery().snapshotSeq() > 0, "no snapshot was used: " + o.recovery());
        assertNobodyBlacklisted(r);
        assertEveryoneCloseTo(r, 400);
    }

    /** The wide sweep (-Plong): random replicas crash at random times, alone or several at once, over many seeds. */
    @org.junit.jupiter.api.Tag("long")
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("sweepSeeds")
    void randomRestartsOverManySeeds(long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int replicas = random.nextBoolean() ? 4 : 7;
        List<SimConfig.Restart> restarts = new ArrayList<>();
        int count = 1 + random.nextInt(replicas);
        for (int i = 0; i < count; i++) {
            long crash = 700_000 + random.nextLong(1_500_000);
            restarts.add(new SimConfig.Restart(random.nextInt(replicas), crash, crash + 20_000 + random.nextLong(400_000)));
        }
        restarts = mergeOverlapping(restarts);
        Simulation sim = new Simulation(run(replicas, seed, restarts).durationSeconds(4).build());
        SimResult r = sim.run();
        assertFalse(r.violated(), restarts + "\n" + r.humanSummary());
        for (Simulation.RestartOutcome o : sim.restarts()) {
            assertEquals(o.executedBeforeCrash(), o.recovery().executedUpdates(), "replica " + o.replica() + " lost updates");
        }
        assertNobodyBlacklisted(r);
    }

    static java.util.stream.LongStream sweepSeeds() {
        return java.util.stream.LongStream.rangeClosed(100, 160);
    }

    /** One replica's restarts must not overlap (it cannot crash while down). */
    private static List<SimConfig.Restart> mergeOverlapping(List<SimConfig.Restart> restarts) {
        List<SimConfig.Restart> sorted = new ArrayList<>(restarts);
        sorted.sort(java.util.Comparator.comparingLong(SimConfig.Restart::crashMicros));
        List<SimConfig.Restart> out = new ArrayList<>();
        long[] upAgain = new long[64];
        for (SimConfig.Restart x : sorted) {
            if (x.crashMicros() > upAgain[x.replica()]) {
                out.add(x);
                upAgain[x.replica()] = x.recoverMicros();
            }
        }
        return out;
    }

    /**
     * Every kind of record a real run stores survives its binary form (what the runtime writes to disk). A replica
     * keeps only what it stored since its last snapshot, so a run that ends just after a checkpoint holds no ordering
     * records: the kinds are collected from the end states of three seeds.
     */
    @org.junit.jupiter.api.Test
    void storedRecordsSurviveTheirBinaryForm() throws Exception {
        io.prime.core.durable.DurableCodec codec = new io.prime.core.durable.DurableCodec(
                io.prime.core.message.PrimeMessages.registry(), io.prime.core.codec.WireLimits.defaults(4, 20), 1 << 24);
        java.util.Set<Class<?>> kinds = new java.util.HashSet<>();
        for (long seed = 4; seed <= 6; seed++) {
            Simulation sim = new Simulation(run(4, seed, List.of(new SimConfig.Restart(1, 2_000_000, 2_100_000))).build());
            assertFalse(sim.run().violated());
            for (int id = 0; id < 4; id++) {
                for (io.prime.core.durable.DurableRecord record : sim.storedRecords(id)) {
                    byte[] bytes = codec.encode(record);
                    io.prime.core.durable.DurableRecord back = codec.decode(bytes);
                    assertEquals(record.getClass(), back.getClass());
                    org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, codec.encode(back));
                    kinds.add(record.getClass());
                }
            }
        }
        assertEquals(5, kinds.size(), "record kinds seen: " + kinds);
    }

    /** The leader restarts: it must not sign a second PRE-PREPARE for a sequence number it already proposed. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void theLeaderRestarts(long seed) {
        Simulation sim = new Simulation(run(4, seed, List.of(new SimConfig.Restart(0, 1_300_000, 1_400_000))).build());
        SimResult r = sim.run();
        assertFalse(r.violated(), r.humanSummary());
        Simulation.RestartOutcome o = sim.restarts().get(0);
        assertEquals(o.executedBeforeCrash(), o.recovery().executedUpdates());
        assertNobodyBlacklisted(r);
        assertEveryoneCloseTo(r, 400);
    }

    /**
     * Every replica crashes at once and comes back: nothing any of them executed is lost, and the cluster orders new
     * updates again afterwards.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void theWholeClusterRestartsWithoutLosingAnything(long seed) {
        List<SimConfig.Restart> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(new SimConfig.Restart(i, 1_300_000, 1_400_000 + 20_000L * i));
        }
        Simulation sim = new Simulation(run(4, seed, all).build());
        SimResult r = sim.run();
        assertFalse(r.violated(), r.humanSummary());
        long before = 0;
        for (Simulation.RestartOutcome o : sim.restarts()) {
            assertEquals(o.executedBeforeCrash(), o.recovery().executedUpdates(), "replica " + o.replica() + " lost updates");
            before = Math.max(before, o.executedBeforeCrash());
        }
        for (Map<String, Object> p : r.perReplica()) {
            long executed = ((Number) p.get("executed")).longValue();
            assertTrue(executed > before + 500, "replica " + p.get("id") + " executed " + executed + " after restarting at "
                    + before + "\n" + r.humanSummary());
        }
        assertNobodyBlacklisted(r);
    }
}
