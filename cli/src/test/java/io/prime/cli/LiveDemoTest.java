package io.prime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prime demo} in a short form: real replica processes, the three phases, the table and the plot, and no child
 * process left behind. (The simulated tour, {@code demo --sim}, is DemoCommandTest's.)
 */
class LiveDemoTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theDemoRunsItsPhasesOnRealProcessesAndLeavesNoneBehind() throws Exception {
        Path png = dir.resolve("plot.png");
        Path cluster = dir.resolve("cluster");
        long t0 = System.nanoTime();
        CliRun run = CliRun.of("demo", "--phase-seconds", "5", "--clients", "4", "--png", png.toString(),
                "--dir", cluster.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "the demo left a process behind");
        for (String expected : new String[] {"Started replicas 0-3", "1. Fault-free", "2. Under attack",
            "replica 0 switched its attack on (leader-delay+recon)", "3. Leader crashed", "no acknowledged write was lost",
            "Summary", "fault-free", "under attack", "leader crashed", "view changes", "Every process it started has stopped"}) {
            assertTrue(run.out().contains(expected), "missing '" + expected + "':\n" + run.out());
        }
        // one line per second and phase
        assertEquals(15, run.out().lines().filter(l -> l.matches("\\s+\\d+ s\\s+[\\d,]+ updates/s.*")).count(), run.out());
        assertTrue(Files.size(png) > 1000, "no plot");
        assertTrue(run.out().contains(png.toAbsolutePath().toString()), "the plot's path is not printed");
        // The attacked replica ran the behaviour, dormant first: its log says so.
        String log0 = Files.readString(cluster.resolve("logs").resolve("replica-0.log"));
        assertTrue(log0.contains("behaviour leader-delay+recon (dormant)") && log0.contains("switched on"), log0);
        System.out.printf("LiveDemoTest: the short demo took %.0f s%n", seconds);
    }
}
