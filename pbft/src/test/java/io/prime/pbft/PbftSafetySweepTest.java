package io.prime.pbft;

import io.prime.sim.FaultPlan;
import io.prime.sim.SimConfig;
import io.prime.sim.SimResult;
import io.prime.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PBFT under the same SAFETY, VALIDITY and exactly-once checkers as Prime (they run after every event and stop the
 * run on a violation), fault-free and with loss, duplication, reordering and partitions, over seeds. Each seed also
 * draws the cluster size, the timeout (300 ms or 5 s) and the fault plan. A few seeds by default; the wide sweep
 * runs with -Plong.
 */
class PbftSafetySweepTest {
    static LongStream fewSeeds() {
        return LongStream.rangeClosed(1, 4);
    }

    static LongStream manySeeds() {
        return LongStream.rangeClosed(1, 120);
    }

    /** A paper-profile run whose size, timeout and faults come from the seed. */
    static SimConfig config(long seed, boolean faults) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L);
        int replicas = random.nextBoolean() ? 4 : 7;
        long timeout = random.nextBoolean() ? 300_000 : 5_000_000;
        SimConfig.Builder b = PbftRuns.paper(replicas, 2 * replicas + random.nextInt(4 * replicas), seed, timeout)
                .durationSeconds(5).warmupSeconds(1);
        if (faults) {
            long isolated = 1L << random.nextInt(replicas);
            long start = 500_000 + random.nextInt(1_500_000);
            b.faultPlan(new FaultPlan(random.nextDouble() * 0.1, random.nextDouble() * 0.05, random.nextDouble() * 0.1, 20_000,
                    List.of(new FaultPlan.Partition(start, start + random.nextInt(1_500_000), isolated)), 0, 3_500_000));
        }
        return b.build();
    }

    private static void check(SimConfig config) {
        SimResult r = new Simulation(config).run();
        assertFalse(r.violated(), r.violationReport());
        assertTrue(r.executedUpdates() > 0, "no progress after the network stabilised: " + config.commandLine() + "\n" + r.humanSummary());
    }

    @ParameterizedTest
    @MethodSource("fewSeeds")
    void faultFree(long seed) {
        check(config(seed, false));
    }

    @ParameterizedTest
    @MethodSource("fewSeeds")
    void lossAndPartitions(long seed) {
        check(config(seed, true));
    }

    @Tag("long")
    @ParameterizedTest
    @MethodSource("manySeeds")
    void faultFreeSweep(long seed) {
        check(config(seed, false));
    }

    @Tag("long")
    @ParameterizedTest
    @MethodSource("manySeeds")
    void lossAndPartitionsSweep(long seed) {
        check(config(seed, true));
    }
}
