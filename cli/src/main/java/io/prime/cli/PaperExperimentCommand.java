package io.prime.cli;

import io.prime.attacks.Behaviours;
import io.prime.cli.PaperExperiment.Mode;
import io.prime.cli.PaperExperiment.Run;
import io.prime.cli.PaperExperimentRunner.Result;
import io.prime.sim.SimConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code prime experiment paper}: the paper's §7 evaluation (Fig. 6–9) in the simulator's model of its testbed. See
 * {@link PaperExperiment} for what runs and docs/results.md for what came out.
 */
@Command(name = "paper",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Reproduce the paper's Fig. 6-9 in simulation: throughput (updates/s) and latency (ms) vs number of clients,",
            "for 7 and 4 servers, of Prime fault-free, Prime under attack (leader delay and reconciliation, K_Lat 1 and 2),",
            "BFT fault-free and BFT under the pre-prepare delay attack (300 ms and 5 s timeouts), on the paper's testbed",
            "(--profile paper: 50 ms links, 10 Mbps per server, RSA costs, 512-byte updates, closed-loop clients).",
            "Writes one CSV and one PNG per figure (fig6-throughput-7, fig7-latency-7, fig8-throughput-4, fig9-latency-4),",
            "the plateaus (summary.json, summary.csv) and every run with its replay command (runs.csv) into --out.",
            "Progress, one line per run, goes to stderr. Every run is deterministic: the same options give the same files",
            "(but for wall times), whatever --jobs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run completed and kept every invariant",
            "2:invalid options, or a series prime sim cannot run (an unknown attack or option) without --skip-unavailable",
            "3:a run violated an invariant (the files are written; runs.csv says which)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prime experiment paper --quick --out /tmp/paper-quick",
            "  prime experiment paper --out results/paper                      # the full run",
            "  prime experiment paper --quick --out /tmp/q --recon-stand-in --skip-unavailable%n"})
public final class PaperExperimentCommand implements Callable<Integer> {
    /**
     * Wall time of the full run, measured on the project's shared 2-core machine with 2 jobs (docs/results.md: 3 min
     * 51 s nearly idle, 14 min 31 s under a load average of 6 to 14 from other work).
     */
    static final String FULL_RUN_TIME = "4 to 15 minutes";
    /** Wall time of the quick run, measured the same way (46 s nearly idle, 2 min 39 s under load 8). */
    static final String QUICK_RUN_TIME = "1 to 3 minutes";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the CSVs, PNGs and summaries.")
    Path out;

    @Option(names = "--quick", description = "A coarse version: 6 client counts per configuration, short measurements (" + QUICK_RUN_TIME + ").")
    boolean quick;

    /** Seconds-long runs at 2 client counts: the same code path, for tests. */
    @Option(names = "--tiny", hidden = true)
    boolean tiny;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Simulations run at once (results do not depend on it). Default: the number of CPUs, at most 2.")
    Integer jobs;

    @Option(names = "--replicas", split = ",", paramLabel = "N[,N]", defaultValue = "7,4",
            description = "Configurations (numbers of servers). Default: ${DEFAULT-VALUE}.")
    List<Integer> replicas;

    @Option(names = "--clients", paramLabel = "N=C[,C...]",
            description = "Client counts for N servers instead of the mode's, e.g. --clients 7=7,70,350. Repeatable.")
    Map<Integer, String> clients = new TreeMap<>();

    @Option(names = "--prime-attack", paramLabel = "N=NAMES",
            description = {"The prime sim --attack of Prime's attack series for N servers (a+b: both on one replica).",
                "Default: 4=leader-delay+recon, 7=leader-delay+recon,recon. Repeatable."})
    Map<Integer, String> primeAttack = new TreeMap<>();

    @Option(names = "--recon-stand-in",
            description = {"Attack Prime with the reconciliation attack alone (4=recon, 7=recon,recon) instead of",
                "the leader attack, e.g. where leader-delay does not exist."})
    boolean reconStandIn;

    @Option(names = "--k-lat", split = ",", paramLabel = "K[,K...]", defaultValue = "1,2",
            description = "K_Lat of each Prime attack series (prime sim --k-lat). Default: ${DEFAULT-VALUE}.")
    List<Double> kLats;

    @Option(names = "--pbft-attack-timeouts-ms", split = ",", paramLabel = "MS[,MS...]", defaultValue = "300,5000",
            description = "PBFT's initial timeout in each attack series. Default: ${DEFAULT-VALUE}.")
    List<Long> pbftAttackTimeouts;

    @Option(names = "--prime-reply-policy", defaultValue = "home", paramLabel = "home|quorum",
            description = "Replies a Prime client waits for (prime sim --reply-policy). Default: ${DEFAULT-VALUE}.")
    String primeReplyPolicy;

    @Option(names = "--pbft-reply-policy", defaultValue = "quorum", paramLabel = "home|quorum",
            description = "Replies a BFT client waits for. Default: ${DEFAULT-VALUE}.")
    String pbftReplyPolicy;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of every run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Warm-up of every run instead of the mode's.")
    Double warmup;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Measured seconds of the bandwidth-bound series instead of the mode's.")
    Double duration;

    @Option(names = "--bft-attack-duration", paramLabel = "SECONDS",
            description = "Measured seconds of PBFT under attack instead of the mode's.")
    Double bftAttackDuration;

    @Option(names = "--skip-unavailable",
            description = "Leave out, with a warning, series prime sim cannot run, instead of stopping before any run.")
    boolean skipUnavailable;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PaperExperiment experiment = new PaperExperiment(settings());
        PaperExperiment.Settings s = experiment.settings();
        List<Run> all = experiment.runs();
        Map<Run, SimConfig> configs = new HashMap<>();
        Map<String, String> problems = PaperExperimentRunner.validate(all, configs);
        if (!problems.isEmpty()) {
            String[] lines = unavailable(problems, s);
            if (!skipUnavailable) {
                for (String line : lines) {
                    err.println("prime experiment paper: " + line);
                }
                err.println("prime experiment paper: nothing was run. Run the series prime sim can run with --skip-unavailable,"
                        + " or attack Prime with the reconciliation attack alone with --recon-stand-in.");
                err.flush();
                return PrimeCommand.EXIT_USAGE;
            }
            warn(err, lines);
        }
        List<Run> runs = all.stream().filter(r -> !problems.containsKey(PaperExperimentRunner.key(r))).toList();
        int j = jobs != null ? jobs : Math.min(2, Runtime.getRuntime().availableProcessors());
        String mode = s.mode.name().toLowerCase(Locale.ROOT);
        err.println(String.format(Locale.ROOT, "prime experiment paper (%s): %d simulations on %d thread%s into %s", mode,
                runs.size(), j, j == 1 ? "" : "s", out));
        err.println("prime experiment paper: " + switch (s.mode) {
            case FULL -> "the full run takes " + FULL_RUN_TIME + " with 2 jobs on a 2-core machine (--quick: "
                    + QUICK_RUN_TIME + ")";
            case QUICK -> "the quick run takes " + QUICK_RUN_TIME + " with 2 jobs on a 2-core machine (the full run: "
                    + FULL_RUN_TIME + ")";
            case TINY -> "tiny run (tests): seconds";
        });
        err.flush();
        long start = System.nanoTime();
        List<Result> results = PaperExperimentRunner.run(runs, configs, j, line -> {
            err.println("prime experiment paper: " + line);
            err.flush();
        });
        double wall = (System.nanoTime() - start) / 1e9;

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("experiment", "paper");
        header.put("mode", mode);
        header.put("seed", s.seed);
        header.put("jobs", j);
        header.put("simulations", runs.size());
        header.put("wall_seconds", Math.round(wall * 10) / 10.0);
        header.put("profile", "paper");
        header.put("update_bytes", PaperExperiment.UPDATE_BYTES);
        header.put("reply_policy", Map.of("prime", s.primeReplyPolicy, "pbft", s.pbftReplyPolicy));
        header.put("prime_attacks", s.primeAttacks);
        header.put("k_lat", s.kLats);
        header.put("skipped", problems);
        PaperExperimentReport report = new PaperExperimentReport(experiment, results);
        List<Path> files = report.write(out, header);

        PrintWriter stdout = spec.commandLine().getOut();
        for (PaperExperimentReport.Plateau p : report.plateaus()) {
            stdout.println(String.format(Locale.ROOT, "%d servers  %-22s plateau %7.1f updates/s at %4d clients, mean latency %6.0f ms%s",
                    p.replicas(), p.series().legend(), p.ups(), p.at().run().clients(), p.at().meanMs(),
                    p.replaced().isEmpty() ? "" : " (left out, the view changed: " + p.replaced() + " clients)"));
        }
        report.attackRatios().forEach((n, m) -> m.forEach((k, v) -> stdout.println(String.format(Locale.ROOT,
                "%d servers  Prime under attack / BFT under attack (%s): %s", n, k,
                Double.isInfinite(v) ? "n/a (BFT ordered nothing in the measured window)" : String.format(Locale.ROOT, "%.1fx", v)))));
        for (Path f : files) {
            stdout.println("wrote " + f);
        }
        stdout.flush();
        if (!problems.isEmpty()) {
            warn(err, unavailable(problems, s));
        }
        long violations = results.stream().filter(Result::violated).count();
        err.println(String.format(Locale.ROOT, "prime experiment paper (%s): finished %d simulations in %d min %02d s"
                + " with %d job%s", mode, runs.size(), (long) wall / 60, (long) wall % 60, j, j == 1 ? "" : "s"));
        if (violations > 0) {
            for (Result r : results) {
                if (r.violated()) {
                    err.println("prime experiment paper: INVARIANT VIOLATED in " + r.run().label() + ":");
                    err.print(r.violationReport());
                }
            }
            err.flush();
            return PrimeCommand.EXIT_VIOLATION;
        }
        err.flush();
        return CommandLine.ExitCode.OK;
    }

    private static String[] unavailable(Map<String, String> problems, PaperExperiment.Settings s) {
        List<String> lines = new ArrayList<>();
        problems.forEach((key, why) -> lines.add("series " + key + " cannot run: " + why));
        boolean leaderDelayKnown = Behaviours.names().contains("leader-delay");
        if (!leaderDelayKnown && s.primeAttacks.values().stream().anyMatch(a -> a.contains("leader-delay"))) {
            lines.add("(leader-delay is not among this build's attacks: " + String.join(", ", Behaviours.names()) + ")");
        }
        if (!PaperExperiment.SIM_HAS_K_LAT && s.kLats.stream().anyMatch(k -> k != PaperExperiment.DEFAULT_K_LAT)) {
            lines.add("(prime sim of this build has no --k-lat option: only K_Lat " + SimCommand.plain(PaperExperiment.DEFAULT_K_LAT)
                    + ", its default, can run)");
        }
        return lines.toArray(String[]::new);
    }

    private static void warn(PrintWriter err, String[] lines) {
        err.println("prime experiment paper: " + "*".repeat(90));
        err.println("prime experiment paper: WARNING: SERIES LEFT OUT of the figures (--skip-unavailable):");
        for (String line : lines) {
            err.println("prime experiment paper: WARNING: " + line);
        }
        err.println("prime experiment paper: " + "*".repeat(90));
        err.flush();
    }

    PaperExperiment.Settings settings() {
        if (quick && tiny) {
            throw usage("--quick and --tiny exclude each other");
        }
        PaperExperiment.Settings s = new PaperExperiment.Settings();
        s.mode = tiny ? Mode.TINY : quick ? Mode.QUICK : Mode.FULL;
        for (int n : replicas) {
            if (n != 4 && n != 7) {
                throw usage("--replicas: the paper's configurations are 4 and 7 servers, got " + n);
            }
        }
        if (replicas.isEmpty() || replicas.stream().distinct().count() != replicas.size()) {
            throw usage("--replicas: give 4, 7 or both, once each");
        }
        s.replicas = List.copyOf(replicas);
        if (!clients.isEmpty()) {
            s.clients = new TreeMap<>();
            for (Map.Entry<Integer, String> e : clients.entrySet()) {
                List<Integer> cs = new ArrayList<>();
                for (String c : e.getValue().split(",", -1)) {
                    try {
                        cs.add(Integer.parseInt(c.trim()));
                    } catch (NumberFormatException ex) {
                        throw usage("--clients " + e.getKey() + "=" + e.getValue() + ": '" + c + "' is not a number");
                    }
                }
                if (cs.stream().anyMatch(c -> c < 1) || cs.stream().distinct().count() != cs.size()) {
                    throw usage("--clients " + e.getKey() + "=" + e.getValue() + ": give distinct counts >= 1");
                }
                s.clients.put(e.getKey(), cs.stream().sorted().toList());
            }
        }
        if (reconStandIn && !primeAttack.isEmpty()) {
            throw usage("--recon-stand-in and --prime-attack exclude each other");
        }
        Map<Integer, String> attacks = reconStandIn ? PaperExperiment.standInPrimeAttacks() : PaperExperiment.defaultPrimeAttacks();
        attacks = new TreeMap<>(attacks);
        attacks.putAll(primeAttack);
        s.primeAttacks = attacks;
        if (kLats.isEmpty() || kLats.stream().anyMatch(k -> !(k >= 1 && k <= 100))) {
            throw usage("--k-lat: values in [1, 100], got " + kLats);
        }
        s.kLats = List.copyOf(kLats);
        if (pbftAttackTimeouts.stream().anyMatch(t -> t <= 0)) {
            throw usage("--pbft-attack-timeouts-ms: values > 0, got " + pbftAttackTimeouts);
        }
        s.pbftAttackTimeoutsMs = List.copyOf(pbftAttackTimeouts);
        s.primeReplyPolicy = policy(primeReplyPolicy, "--prime-reply-policy");
        s.pbftReplyPolicy = policy(pbftReplyPolicy, "--pbft-reply-policy");
        s.seed = seed;
        s.warmupSeconds = positive(warmup, "--warmup", true);
        s.durationSeconds = positive(duration, "--duration", false);
        s.bftAttackSeconds = positive(bftAttackDuration, "--bft-attack-duration", false);
        if (jobs != null && jobs < 1) {
            throw usage("--jobs must be >= 1, got " + jobs);
        }
        return s;
    }

    private String policy(String p, String option) {
        if (!"home".equals(p) && !"quorum".equals(p)) {
            throw usage(option + " must be 'home' or 'quorum', got '" + p + "'");
        }
        return p;
    }

    private Double positive(Double v, String option, boolean zeroAllowed) {
        if (v != null && (!Double.isFinite(v) || v < 0 || (!zeroAllowed && v == 0))) {
            throw usage(option + " must be " + (zeroAllowed ? ">= 0" : "> 0") + " seconds, got " + v);
        }
        return v;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
