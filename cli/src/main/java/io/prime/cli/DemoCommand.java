package io.prime.cli;

import io.prime.sim.SimConfig;
import io.prime.sim.SimResult;
import io.prime.sim.Simulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code prime demo}: by default the live demo on real replica processes ({@link LiveDemo}); with {@code --sim} a
 * short guided tour on the deterministic simulator: two runs of the same cluster, one on a calm network and one on a
 * hostile one. Both are narrated from what was measured: every claim printed is computed from the results, so the
 * demo says so when something did not go as hoped.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"A guided tour on real processes, explained in plain words. Four replica",
            "processes start on loopback and a KV load runs against them, with live",
            "throughput: fault-free, then while the leader (replica 0) runs the paper's",
            "attack (leader-delay+recon), then after its process is killed and the others",
            "elect a new leader. Ends with a table (throughput, p50/p99 latency, view",
            "changes) and a PNG plot. About 80 s; every process it starts, it stops,",
            "also on Ctrl-C. --sim: the simulated tour instead (a few seconds).%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every phase completed (--sim: every invariant held)",
            "1:an acknowledged write was lost or the crashed leader was not replaced",
            "2:invalid options", "3:--sim: an invariant was violated"})
public final class DemoCommand implements Callable<Integer> {
    private static final int WIDTH = 100;
    static final String[] BASE = {"--replicas", "4", "--clients", "50", "--update-bytes", "512", "--warmup", "1",
        "--seed", "7", "--profile", "paper"};
    /** Simulated seconds measured after the 1 s warm-up. */
    static final int DURATION = 10;
    static final int LOSSY_FROM_MS = 1000;
    static final int LOSSY_UNTIL_MS = 4000;
    static final int PARTITION_FROM_MS = 5000;
    static final int PARTITION_UNTIL_MS = 7000;
    static final int ISOLATED = 3;
    static final String[] FAULTS = {"--loss", "0.05", "--duplicate", "0.05", "--reorder", "0.2", "--reorder-max-ms", "100",
        "--unstable-from-ms", Integer.toString(LOSSY_FROM_MS), "--unstable-until-ms", Integer.toString(LOSSY_UNTIL_MS),
        "--partition", PARTITION_FROM_MS + ":" + PARTITION_UNTIL_MS + ":" + ISOLATED};

    @Spec
    CommandSpec spec;

    /** The live demo's options, and {@code --sim} for the simulated tour. */
    @CommandLine.Mixin
    LiveDemo.Options live = new LiveDemo.Options();

    private PrintWriter out;
    private boolean violated;

    @Override
    public Integer call() throws Exception {
        if (!live.sim) {
            return new LiveDemo(live, spec.commandLine().getOut()).run();
        }
        out = spec.commandLine().getOut();
        long wallStart = System.nanoTime();
        intro();

        SimConfig calmConfig = SimCommand.configFrom(args(BASE, "--duration", Integer.toString(DURATION)));
        heading("1. A calm network");
        SimResult calm = run(calmConfig);
        if (calm == null) {
            return finish(wallStart);
        }
        narrateCalm(calm);

        heading("2. A hostile network");
        para("Now the same cluster and the same clients (same seed), but the network misbehaves:");
        bullet(String.format(Locale.ROOT, "from %s s to %s s, 5%% of the messages between servers are lost, 5%% are"
                + " delivered twice and 20%% are held back by up to 100 ms, so they arrive out of order;",
                sec(LOSSY_FROM_MS), sec(LOSSY_UNTIL_MS)));
        bullet(String.format(Locale.ROOT, "from %s s to %s s, replica %d is cut off from the other three (a network"
                + " partition);", sec(PARTITION_FROM_MS), sec(PARTITION_UNTIL_MS), ISOLATED));
        bullet(String.format(Locale.ROOT, "after %s s the network is calm again until the run ends at %d s.",
                sec(PARTITION_UNTIL_MS), 1 + DURATION));
        out.println();
        para("To see how the cluster fared in each phase, the same run is also stopped early, at "
                + sec(LOSSY_UNTIL_MS) + " s, " + sec(PARTITION_FROM_MS) + " s and " + sec(PARTITION_UNTIL_MS)
                + " s (the simulator is deterministic, so those are exact snapshots of the full run).");
        SimConfig faultyConfig = SimCommand.configFrom(args(BASE, FAULTS, "--duration", Integer.toString(DURATION)));
        SimResult faulty = run(faultyConfig);
        long[] snapshotMs = {LOSSY_UNTIL_MS, PARTITION_FROM_MS, PARTITION_UNTIL_MS};
        SimResult[] snapshots = new SimResult[snapshotMs.length];
        for (int i = 0; i < snapshotMs.length && faulty != null; i++) {
            snapshots[i] = runQuietly(SimCommand.configFrom(args(BASE, FAULTS, "--duration", sec(snapshotMs[i] - 1000))));
            if (snapshots[i] == null) {
                return finish(wallStart);
            }
        }
        if (faulty == null) {
            return finish(wallStart);
        }
        narrateFaulty(calm, faulty, snapshots[0], snapshots[1], snapshots[2]);

        heading("3. Side by side");
        table(calm, faulty);
        out.println();
        para("Replay either run, or explore with other settings (add --json for machine-readable output):");
        out.println("  " + calmConfig.commandLine());
        out.println("  " + faultyConfig.commandLine());
        return finish(wallStart);
    }

    private void intro() {
        heading("Prime: Byzantine replication under attack");
        para("Prime keeps a service running on several servers (replicas) so that it stays correct even if up to f of"
                + " them are Byzantine: compromised, lying and working against the others. Unlike earlier protocols"
                + " of this kind, it also stops a malicious leader from quietly slowing everything down, so the"
                + " service stays fast while it is under attack.");
        para("This demo uses the deterministic simulator: 4 replicas (tolerating f = 1 faulty one) on the network of"
                + " the paper's testbed, where each message between servers takes 50 ms and each server can send"
                + " 10 Mbit/s. 50 clients each submit a 512-byte update, wait until f + 1 = 2 replicas reply with"
                + " the same result, and submit the next. The first simulated second is warm-up; the next "
                + DURATION + " are measured. A checker watches every replica after every simulated event.");
    }

    private void narrateCalm(SimResult calm) {
        Map<String, Object> f = calm.fields();
        para(String.format(Locale.ROOT, "The clients completed %,d updates in %s simulated seconds: %s updates per"
                        + " second.", calm.executedUpdates(), num(f.get("simulated_seconds")), num(calm.throughput())));
        double link = 50;
        para(String.format(Locale.ROOT, "A client waited %s ms for its reply in the median case and at most %s ms."
                        + " That is about %.0f times the 50 ms link delay: each update crosses the network several"
                        + " times, first to be pre-ordered by the replicas, then to be globally ordered through the"
                        + " leader.", num(calm.latencyMs("p50")), num(calm.latencyMs("max")),
                calm.latencyMs("p50") / link));
        para(safetySentence(calm));
    }

    private void narrateFaulty(SimResult calm, SimResult full, SimResult atCalm, SimResult atPartition,
                               SimResult atHeal) {
        double calmRate = calm.throughput();
        para(String.format(Locale.ROOT, "The faults dropped %,d messages in all. Clients completed %,d updates"
                        + " (%s per second, against %s on the calm network); the slowest waited %s ms.",
                dropped(full), full.executedUpdates(), num(full.throughput()), num(calmRate),
                num(full.latencyMs("max"))));

        long lossy = atCalm.executedUpdates();
        long quiet = atPartition.executedUpdates() - atCalm.executedUpdates();
        long cutOff = atHeal.executedUpdates() - atPartition.executedUpdates();
        long after = full.executedUpdates() - atHeal.executedUpdates();
        para("Updates completed in each phase (calm run: " + num(calmRate) + " per second throughout):");
        bullet(phase(1000, LOSSY_UNTIL_MS, "lossy network", lossy));
        bullet(phase(LOSSY_UNTIL_MS, PARTITION_FROM_MS, "calm network", quiet));
        bullet(phase(PARTITION_FROM_MS, PARTITION_UNTIL_MS, "replica " + ISOLATED + " cut off", cutOff));
        bullet(phase(PARTITION_UNTIL_MS, (1 + DURATION) * 1000L, "calm network", after));
        out.println();

        double cutOffSeconds = (PARTITION_UNTIL_MS - PARTITION_FROM_MS) / 1000.0;
        if (cutOff >= 0.5 * calmRate * cutOffSeconds) {
            para(String.format(Locale.ROOT, "While replica %d was cut off, the other three (2f + 1 = 3, enough to"
                    + " agree on their own) kept ordering updates.", ISOLATED));
        } else {
            para(String.format(Locale.ROOT, "While replica %d was cut off, %s: the other three (2f + 1 = 3, enough"
                    + " to agree on their own) did not keep up the calm run's pace.", ISOLATED,
                    cutOff == 0 ? "no update completed" : "only " + fmtLong(cutOff) + " updates completed"));
        }
        double afterSeconds = 1 + DURATION - PARTITION_UNTIL_MS / 1000.0;
        if (after >= 0.8 * calmRate * afterSeconds) {
            para("Once the network was calm again, throughput was back to normal.");
        } else if (after > 0) {
            para("Once the network was calm again, throughput recovered only partly.");
        } else {
            para("Once the network was calm again, the cluster still did not complete any update: it did not"
                    + " recover from the messages the faults had dropped. The paper's protocol guarantees that once"
                    + " the network is stable every update is eventually executed (PRIME-LIVENESS); here none was in"
                    + " the last " + num(afterSeconds) + " seconds, which points to a gap in this implementation.");
        }

        long isolatedAtHeal = executed(atHeal, ISOLATED);
        long othersAtHeal = maxExecutedExcept(atHeal, ISOLATED);
        long isolatedAtEnd = executed(full, ISOLATED);
        long othersAtEnd = maxExecutedExcept(full, ISOLATED);
        String atHealText = String.format(Locale.ROOT, "When the partition ended at %s s, replica %d had executed"
                + " %,d updates and the most advanced replica %,d.", sec(PARTITION_UNTIL_MS), ISOLATED,
                isolatedAtHeal, othersAtHeal);
        if (isolatedAtEnd >= othersAtEnd) {
            para(atHealText + String.format(Locale.ROOT, " By the end of the run it had caught up: it executed"
                    + " %,d updates, as many as any other replica.", isolatedAtEnd));
        } else {
            para(atHealText + String.format(Locale.ROOT, " By the end of the run it had executed %,d and the most"
                    + " advanced replica %,d: replica %d did not catch up.", isolatedAtEnd, othersAtEnd, ISOLATED));
        }
        para(safetySentence(full));
    }

    private static String phase(long fromMs, long untilMs, String what, long completed) {
        return String.format(Locale.ROOT, "%s-%s s, %s: %,d updates, %s per second", sec(fromMs), sec(untilMs), what,
                completed, num(completed / ((untilMs - fromMs) / 1000.0)));
    }

    private String safetySentence(SimResult r) {
        List<Map<String, Object>> replicas = r.perReplica();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Map<String, Object> p : replicas) {
            long e = ((Number) p.get("executed")).longValue();
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        String held = String.format(Locale.ROOT, "Safety held: the replicas never disagreed. Whenever two of them"
                + " executed their n-th update it was the same update, exactly as its client signed it (checked"
                + " after every one of the %,d simulated events).", ((Number) r.fields().get("events")).longValue());
        if (min == max) {
            return held + String.format(Locale.ROOT, " All %d replicas executed the same %,d updates in the same"
                    + " order.", replicas.size(), max);
        }
        return held + String.format(Locale.ROOT, " When the simulation stopped they had executed between %,d and"
                + " %,d updates: the slowest was %,d behind.", min, max, max - min);
    }

    private void table(SimResult calm, SimResult faulty) {
        String[][] rows = {
            {"", "calm network", "hostile network"},
            {"updates completed", fmtLong(calm.executedUpdates()), fmtLong(faulty.executedUpdates())},
            {"throughput (updates/s)", num(calm.throughput()), num(faulty.throughput())},
            {"latency p50 (ms)", num(calm.latencyMs("p50")), num(faulty.latencyMs("p50"))},
            {"latency p99 (ms)", num(calm.latencyMs("p99")), num(faulty.latencyMs("p99"))},
            {"latency max (ms)", num(calm.latencyMs("max")), num(faulty.latencyMs("max"))},
            {"messages dropped", fmtLong(dropped(calm)), fmtLong(dropped(faulty))},
            {"executed per replica", executedList(calm), executedList(faulty)},
            {"safety / validity", calm.fields().get("safety") + " / " + calm.fields().get("validity"),
                faulty.fields().get("safety") + " / " + faulty.fields().get("validity")},
            {"wall time (s)", num(calm.fields().get("wall_seconds")), num(faulty.fields().get("wall_seconds"))},
        };
        int[] w = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < 3; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        String fmt = "  %-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s%n";
        for (int i = 0; i < rows.length; i++) {
            out.printf(Locale.ROOT, fmt, (Object[]) rows[i]);
            if (i == 0) {
                out.printf(Locale.ROOT, fmt, "-".repeat(w[0]), "-".repeat(w[1]), "-".repeat(w[2]));
            }
        }
    }

    // ------------------------------------------------------------------ running

    private SimResult run(SimConfig config) {
        out.print(String.format(Locale.ROOT, "  [simulating %s s on the %s profile ...", num(config.warmupSeconds
                + config.durationSeconds), config.profile.name()));
        out.flush();
        SimResult r = runQuietly(config);
        if (r != null) {
            out.println(String.format(Locale.ROOT, " done in %s s of wall time]", num(r.fields().get("wall_seconds"))));
            out.println();
        }
        return r;
    }

    private SimResult runQuietly(SimConfig config) {
        SimResult r = new Simulation(config).onProgress(line -> { }).run();
        if (r.violated()) {
            violated = true;
            out.println();
            out.println("An invariant was violated. This is a bug in the implementation; the report follows.");
            out.print(r.violationReport());
            out.flush();
            return null;
        }
        return r;
    }

    private int finish(long wallStart) {
        out.println();
        out.printf(Locale.ROOT, "The demo took %.1f s of wall time.%n", (System.nanoTime() - wallStart) / 1e9);
        out.flush();
        return violated ? PrimeCommand.EXIT_VIOLATION : CommandLine.ExitCode.OK;
    }

    // ------------------------------------------------------------------ text

    private void heading(String title) {
        out.println(title);
        out.println("=".repeat(title.length()));
        out.println();
    }

    private void para(String text) {
        out.println(wrap(text, "", ""));
        out.println();
        out.flush();
    }

    private void bullet(String text) {
        out.println(wrap(text, "  - ", "    "));
    }

    static String wrap(String text, String first, String rest) {
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder(first);
        int lineStart = first.length();
        for (String word : text.split(" ")) {
            if (line.length() > lineStart && line.length() + 1 + word.length() > WIDTH) {
                sb.append(line).append('\n');
                line = new StringBuilder(rest);
                lineStart = rest.length();
            }
            if (line.length() > lineStart) {
                line.append(' ');
            }
            line.append(word);
        }
        return sb.append(line).toString();
    }

    private static long executed(SimResult r, int replica) {
        return ((Number) r.perReplica().get(replica).get("executed")).longValue();
    }

    private static long maxExecutedExcept(SimResult r, int replica) {
        long max = 0;
        for (Map<String, Object> p : r.perReplica()) {
            if (((Number) p.get("id")).intValue() != replica) {
                max = Math.max(max, ((Number) p.get("executed")).longValue());
            }
        }
        return max;
    }

    private static long dropped(SimResult r) {
        return ((Number) r.fields().get("messages_dropped_by_faults")).longValue();
    }

    private static String executedList(SimResult r) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> p : r.perReplica()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(p.get("executed"));
        }
        return sb.toString();
    }

    private static String fmtLong(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** A number as a reader wants it: no exponent, at most one decimal, thousands separated. */
    static String num(Object value) {
        double v = ((Number) value).doubleValue();
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    /** Milliseconds as seconds for the command line and the text: 5000 -> "5", 1500 -> "1.5". */
    static String sec(long ms) {
        return SimCommand.millis(ms); // the same canonical form, one unit up
    }

    private static String[] args(String[] a, String... more) {
        String[] r = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, r, a.length, more.length);
        return r;
    }

    private static String[] args(String[] a, String[] b, String... more) {
        return args(args(a, b), more);
    }
}
