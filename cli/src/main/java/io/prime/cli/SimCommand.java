package io.prime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prime.attacks.AttackPlan;
import io.prime.sim.FaultPlan;
import io.prime.sim.SimAttacks;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;
import io.prime.sim.SimResult;
import io.prime.sim.Simulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code prime sim}: one run of the deterministic simulator. The same options and seed give the same run, event for
 * event; every option that is not a {@link SimConfig} field is recorded in {@link SimConfig#extraArguments} in
 * canonical form, so {@link SimConfig#commandLine()} (printed on an invariant violation) replays the run exactly.
 */
@Command(name = "sim",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Simulate a Prime cluster and report throughput, latency and safety.",
            "The network and CPUs are modelled; the run is deterministic given its options and seed, and checks",
            "SAFETY, VALIDITY and exactly-once execution after every event.",
            "Times are simulated; time 0 is the start of the run (warm-up included). Replica ids are 0..N-1."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed and every invariant held",
            "2:invalid command line or settings",
            "3:an invariant was violated (report and replay command on stderr)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prime sim --replicas 4 --clients 50 --update-bytes 512 --duration 60 --seed 7 --profile paper --json",
            "  prime sim --loss 0.05 --duplicate 0.02 --reorder 0.1 --unstable-until-ms 4000 --partition 3000:5000:3",
            "  prime sim --replicas 7 --clients 200 --attack recon,recon --profile paper --json%n"})
public final class SimCommand implements Callable<Integer> {
    static final double DEFAULT_REORDER_MAX_MS = 100;

    @Spec
    CommandSpec spec;

    /**
     * Applied to the configuration just before it is built. Tests use it to plant a deliberately broken replica and
     * check the violation path; it is never set in production.
     */
    UnaryOperator<SimConfig.Builder> configCustomizer = UnaryOperator.identity();

    // ------------------------------------------------------------------ workload (SimConfig's own fields)

    @Option(names = "--protocol", defaultValue = "prime", paramLabel = "prime|pbft",
            description = {"Protocol to simulate: prime, or pbft (the BFT baseline of paper §3, docs/pbft.md).",
                "Default: ${DEFAULT-VALUE}."})
    String protocol;

    @Option(names = "--pbft-timeout-ms", paramLabel = "MS",
            description = {"PBFT's initial suspicion (view-change) timeout; it doubles at every view change.",
                "The paper uses 300 (aggressive) and 5000 (BFT's default). Default: 5000."})
    Double pbftTimeoutMs;

    @Option(names = "--replicas", defaultValue = "4", paramLabel = "N",
            description = "Number of replicas, 3f+1 for f >= 1: 4, 7, 10, ... 64. Default: ${DEFAULT-VALUE}.")
    int replicas;

    @Option(names = "--clients", defaultValue = "10", paramLabel = "N",
            description = "Closed-loop clients, spread evenly over the replicas. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--update-bytes", defaultValue = "512", paramLabel = "BYTES",
            description = "Payload size of each client update (0..65536). Default: ${DEFAULT-VALUE}.")
    int updateBytes;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "SECONDS",
            description = "Simulated seconds measured after the warm-up. Default: ${DEFAULT-VALUE}.")
    double duration;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "SECONDS",
            description = "Simulated seconds run before measuring starts. Default: ${DEFAULT-VALUE}.")
    double warmup;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of every random choice; the same seed replays the same run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--profile", defaultValue = "paper", paramLabel = "paper|lan",
            description = {"Deployment model. paper: the paper's testbed (50 ms links, 10 Mbps per server, RSA);",
                "lan: a local cluster (0.1 ms links, 1 Gbps, Ed25519). Default: ${DEFAULT-VALUE}."})
    String profileName;

    @Option(names = "--reply-policy", defaultValue = "quorum", paramLabel = "quorum|home",
            description = {"Replies a client waits for. quorum: f+1 matching replies from any replicas;",
                "home: only its own server's (as in the paper's testbed). Default: ${DEFAULT-VALUE}."})
    String replyPolicy;

    @Option(names = "--json", description = "Print the results as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    // ------------------------------------------------------------------ network (overrides of the profile)

    @Option(names = "--link-latency-ms", paramLabel = "MS",
            description = "One-way latency of every server-to-server link. Default: the profile's.")
    Double linkLatencyMs;

    @Option(names = "--bandwidth-mbps", paramLabel = "MBPS",
            description = "Outgoing bandwidth of each server, shared by its links; 0 = unlimited. Default: the profile's.")
    Double bandwidthMbps;

    @Option(names = "--aggregation-ms", paramLabel = "MS",
            description = "Period of the PO-ARU, PROOF-MATRIX and PRE-PREPARE messages. Default: the profile's.")
    Double aggregationMs;

    @Option(names = "--k-lat", paramLabel = "K",
            description = {"K_Lat of SUSPECT-LEADER (paper §2, §4.2): the latency variability a leader's",
                "turnaround may show before it is suspected, in [1, 100]; §7 uses 1 and 2. Default: 1."})
    Double kLat;

    @Option(names = "--client-timeout-ms", paramLabel = "MS",
            description = "A client resends its update to every replica after this long without enough replies."
                    + " Default: the profile's.")
    Double clientTimeoutMs;

    // ------------------------------------------------------------------ faults

    @Option(names = "--loss", defaultValue = "0", paramLabel = "P",
            description = "Probability that a server-to-server message is dropped, in the unstable window.")
    double loss;

    @Option(names = "--duplicate", defaultValue = "0", paramLabel = "P",
            description = "Probability that a message is delivered twice, in the unstable window.")
    double duplicate;

    @Option(names = "--reorder", defaultValue = "0", paramLabel = "P",
            description = "Probability that a message is delayed past later ones, in the unstable window.")
    double reorder;

    @Option(names = "--reorder-max-ms", defaultValue = "100", paramLabel = "MS",
            description = "Largest extra delay of a reordered message. Default: ${DEFAULT-VALUE}.")
    double reorderMaxMs;

    @Option(names = "--unstable-from-ms", defaultValue = "0", paramLabel = "MS",
            description = "Start of the window in which --loss, --duplicate and --reorder apply. Default: ${DEFAULT-VALUE}.")
    double unstableFromMs;

    @Option(names = "--unstable-until-ms", paramLabel = "MS",
            description = "End of that window. Default: the end of the run.")
    Double unstableUntilMs;

    @Option(names = "--partition", paramLabel = "START_MS:END_MS:ID[,ID...]",
            description = {"Cut the listed replicas off from the others between START_MS and END_MS",
                "(messages between the two sides are dropped). Repeatable."})
    List<String> partitions = new ArrayList<>();

    // ------------------------------------------------------------------ Byzantine replicas

    @Option(names = "--attack", paramLabel = "NAME[,NAME...]",
            description = {"Make up to f replicas faulty, the k-th running the k-th behaviour:",
                "recon, inconsistent-aru, silent, garbage, leader-delay, leader-delay-greedy,",
                "equivocating-preprepare, stale-matrix, conflicting-replay, slow-view-change,",
                "timeout-inflation (docs/attacks.md). A behaviour that attacks as the leader of",
                "view v runs on replica v mod N (view 0: the leader-delay family, equivocating-",
                "preprepare, stale-matrix; 1: conflicting-replay, slow-view-change; 3: timeout-",
                "inflation; the leaders of the views before are muted in turn to end them); the",
                "others take the highest ids first.",
                "With --protocol pbft: pbft-preprepare-delay (§3.1) or pbft-timeout-inflation",
                "(§3.2; adds its unstable period and measures after it)."})
    String attack;

    @Option(names = "--faulty", paramLabel = "ID[,ID...]",
            description = "The faulty replicas, one per --attack name, instead of the default placement.")
    String faulty;

    @Override
    public Integer call() {
        SimConfig config = toConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimResult result = new Simulation(config)
                .onProgress(line -> {
                    err.println("prime sim: " + line);
                    err.flush();
                })
                .run();
        if (json) {
            out.print(toJson(result, config));
        } else {
            String summary = result.humanSummary();
            String report = result.violationReport();
            if (report != null && summary.endsWith(report)) {
                summary = summary.substring(0, summary.length() - report.length()); // the report goes to stderr
            }
            out.print(summary);
        }
        out.flush();
        if (result.violated()) {
            err.print(result.violationReport());
            err.flush();
            return PrimeCommand.EXIT_VIOLATION;
        }
        return CommandLine.ExitCode.OK;
    }

    /** The result's fields plus the command that replays the run, as pretty JSON ending with a newline. */
    static String toJson(SimResult result, SimConfig config) {
        Map<String, Object> fields = new LinkedHashMap<>(result.fields());
        fields.put("replay", config.commandLine());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fields) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the result", e);
        }
    }

    /** Validates the options and builds the run's configuration; invalid settings are usage errors. */
    SimConfig toConfig() {
        if (!"prime".equals(protocol) && !PbftOptions.PROTOCOL.equals(protocol)) {
            throw usage("unknown protocol '" + protocol + "': 'prime' or 'pbft'");
        }
        if (replicas < 4 || replicas > 64 || (replicas - 1) % 3 != 0) {
            throw usage("--replicas must be 3f+1 for f >= 1, at most 64 (4, 7, 10, ...), got " + replicas);
        }
        if (clients < 0) {
            throw usage("--clients must be >= 0, got " + clients);
        }
        if (updateBytes < 0 || updateBytes > 64 * 1024) {
            throw usage("--update-bytes must be in [0, 65536], got " + updateBytes);
        }
        requireFinite(duration, "--duration");
        if (duration <= 0) {
            throw usage("--duration must be > 0 seconds, got " + plain(duration));
        }
        requireFinite(warmup, "--warmup");
        if (warmup < 0) {
            throw usage("--warmup must be >= 0 seconds, got " + plain(warmup));
        }
        SimConfig.ReplyPolicy policy = switch (replyPolicy) {
            case "quorum" -> SimConfig.ReplyPolicy.QUORUM;
            case "home" -> SimConfig.ReplyPolicy.HOME;
            default -> throw usage("--reply-policy must be 'quorum' or 'home', got '" + replyPolicy + "'");
        };
        SimProfile profile = switch (profileName) {
            case "paper" -> SimProfile.paper();
            case "lan" -> SimProfile.lan();
            default -> throw usage("--profile must be 'paper' or 'lan', got '" + profileName + "'");
        };

        List<String> extra = new ArrayList<>();
        if (linkLatencyMs != null) {
            long us = micros(linkLatencyMs, "--link-latency-ms", false);
            profile = profile.withLinkLatencyMicros(us);
            add(extra, "--link-latency-ms", millis(us));
        }
        if (bandwidthMbps != null) {
            requireFinite(bandwidthMbps, "--bandwidth-mbps");
            if (bandwidthMbps < 0) {
                throw usage("--bandwidth-mbps must be >= 0 (0 = unlimited), got " + plain(bandwidthMbps));
            }
            long bps = Math.round(bandwidthMbps * 1e6);
            if (bandwidthMbps > 0 && bps == 0) {
                throw usage("--bandwidth-mbps is below 1 bit per second: " + plain(bandwidthMbps));
            }
            profile = profile.withUplinkBitsPerSecond(bps);
            add(extra, "--bandwidth-mbps", BigDecimal.valueOf(bps).movePointLeft(6).stripTrailingZeros().toPlainString());
        }
        if (aggregationMs != null) {
            long us = micros(aggregationMs, "--aggregation-ms", true);
            profile = profile.withAggregationMicros(us);
            add(extra, "--aggregation-ms", millis(us));
        }
        if (clientTimeoutMs != null) {
            long us = micros(clientTimeoutMs, "--client-timeout-ms", true);
            profile = profile.withClientTimeoutMicros(us);
            add(extra, "--client-timeout-ms", millis(us));
        }

        if (kLat != null) {
            requireFinite(kLat, "--k-lat");
            if (kLat < 1 || kLat > 100) {
                throw usage("--k-lat must be in [1, 100], got " + plain(kLat));
            }
            add(extra, "--k-lat", plain(kLat));
        }

        requireProbability(loss, "--loss");
        requireProbability(duplicate, "--duplicate");
        requireProbability(reorder, "--reorder");
        long reorderMaxUs = micros(reorderMaxMs, "--reorder-max-ms", false);
        long fromUs = micros(unstableFromMs, "--unstable-from-ms", false);
        long endOfRunUs = Math.round((warmup + duration) * 1e6);
        long untilUs = unstableUntilMs == null ? Math.max(fromUs, endOfRunUs) : micros(unstableUntilMs, "--unstable-until-ms", false);
        if (untilUs < fromUs) {
            throw usage("--unstable-until-ms (" + millis(untilUs) + ") must not be before --unstable-from-ms ("
                    + millis(fromUs) + ")");
        }
        if (loss != 0) {
            add(extra, "--loss", plain(loss));
        }
        if (duplicate != 0) {
            add(extra, "--duplicate", plain(duplicate));
        }
        if (reorder != 0) {
            add(extra, "--reorder", plain(reorder));
        }
        if (reorderMaxUs != Math.round(DEFAULT_REORDER_MAX_MS * 1000)) {
            add(extra, "--reorder-max-ms", millis(reorderMaxUs));
        }
        if (fromUs != 0) {
            add(extra, "--unstable-from-ms", millis(fromUs));
        }
        if (unstableUntilMs != null) {
            add(extra, "--unstable-until-ms", millis(untilUs));
        }
        List<FaultPlan.Partition> parsed = new ArrayList<>();
        for (String p : partitions) {
            FaultPlan.Partition partition;
            try {
                partition = parsePartition(p, replicas);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            parsed.add(partition);
            add(extra, "--partition", format(partition));
        }
        boolean pbft = PbftOptions.PROTOCOL.equals(protocol);
        AttackPlan attackPlan;
        try {
            List<String> names = pbft ? List.of() : AttackPlan.parseNames(attack);
            for (String name : names) {
                if (name.startsWith("pbft-")) {
                    throw new IllegalArgumentException("--attack " + name + " is an attack on PBFT: it needs --protocol pbft");
                }
            }
            if (pbft && faulty != null) {
                throw new IllegalArgumentException("--faulty applies to Prime's behaviours, not to --protocol pbft");
            }
            if (faulty != null && names.isEmpty()) {
                throw new IllegalArgumentException("--faulty needs --attack (one behaviour per faulty replica)");
            }
            attackPlan = AttackPlan.of(names, faulty == null ? null : AttackPlan.parseIds(faulty), replicas);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        extra.addAll(attackPlan.arguments());
        try {
            FaultPlan plan = new FaultPlan(loss, duplicate, reorder, reorderMaxUs, parsed, fromUs, untilUs);
            SimConfig.Builder builder = SimConfig.builder()
                    .protocol(protocol)
                    .replicas(replicas)
                    .clients(clients)
                    .updateBytes(updateBytes)
                    .durationSeconds(duration)
                    .warmupSeconds(warmup)
                    .seed(seed)
                    .profile(profile)
                    .replyPolicy(policy)
                    .faultPlan(plan)
                    .extraArguments(extra);
            if (kLat != null) {
                builder.kLat(kLat);
            }
            if (pbft) {
                PbftOptions.apply(builder, replicas, profile, pbftTimeoutMs == null ? null : micros(pbftTimeoutMs,
                        "--pbft-timeout-ms", true), attack, plan, warmup, extra);
                builder.extraArguments(extra);
            } else if (pbftTimeoutMs != null) {
                throw usage("--pbft-timeout-ms needs --protocol pbft");
            } else {
                SimAttacks.apply(builder, attackPlan);
            }
            return configCustomizer.apply(builder).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * Parses {@code START_MS:END_MS:ID[,ID...]}: the listed replicas are cut off from the others from START_MS
     * (inclusive) to END_MS (exclusive), simulated time.
     */
    static FaultPlan.Partition parsePartition(String text, int replicas) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3 || parts[2].isBlank()) {
            throw new IllegalArgumentException("--partition expects START_MS:END_MS:ID[,ID...], e.g. 3000:5000:3, got '"
                    + text + "'");
        }
        long start = parseMillis(parts[0], "start", text);
        long end = parseMillis(parts[1], "end", text);
        if (end <= start) {
            throw new IllegalArgumentException("--partition '" + text + "': END_MS must be after START_MS");
        }
        long mask = 0;
        for (String id : parts[2].split(",", -1)) {
            int r;
            try {
                r = Integer.parseInt(id.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--partition '" + text + "': '" + id + "' is not a replica id");
            }
            if (r < 0 || r >= replicas) {
                throw new IllegalArgumentException("--partition '" + text + "': replica id " + r + " is not in 0.."
                        + (replicas - 1));
            }
            mask |= 1L << r;
        }
        if (Long.bitCount(mask) == replicas) {
            throw new IllegalArgumentException("--partition '" + text + "' lists every replica, which separates nobody");
        }
        return new FaultPlan.Partition(start, end, mask);
    }

    /** The canonical text of a partition, as {@link #parsePartition} reads it. */
    static String format(FaultPlan.Partition p) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (int i = 0; i < 64; i++) {
            if ((p.isolatedMask() & (1L << i)) != 0) {
                ids.add(i);
            }
        }
        StringBuilder sb = new StringBuilder(millis(p.startMicros())).append(':').append(millis(p.endMicros())).append(':');
        String sep = "";
        for (int id : ids) {
            sb.append(sep).append(id);
            sep = ",";
        }
        return sb.toString();
    }

    private static long parseMillis(String s, String what, String whole) {
        double ms;
        try {
            ms = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--partition '" + whole + "': " + what + " '" + s + "' is not a number of ms");
        }
        if (!Double.isFinite(ms) || ms < 0 || ms > Long.MAX_VALUE / 1000.0) {
            throw new IllegalArgumentException("--partition '" + whole + "': " + what + " must be >= 0 ms");
        }
        return Math.round(ms * 1000);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private void requireFinite(double v, String option) {
        if (!Double.isFinite(v)) {
            throw usage(option + " must be a finite number, got " + v);
        }
    }

    private void requireProbability(double p, String option) {
        if (!(p >= 0 && p <= 1)) {
            throw usage(option + " is a probability and must be in [0, 1], got " + p);
        }
    }

    private long micros(double ms, String option, boolean positive) {
        requireFinite(ms, option);
        if (positive ? ms <= 0 : ms < 0) {
            throw usage(option + " must be " + (positive ? "> 0" : ">= 0") + " ms, got " + plain(ms));
        }
        if (ms > Long.MAX_VALUE / 1_000_000.0) {
            throw usage(option + " is too large: " + plain(ms));
        }
        long us = Math.round(ms * 1000);
        if (positive && us == 0) {
            throw usage(option + " must be at least 0.001 ms, got " + plain(ms));
        }
        return us;
    }

    private static void add(List<String> args, String option, String value) {
        args.add(option);
        args.add(value);
    }

    /** Microseconds as milliseconds, without exponent or trailing zeros. */
    static String millis(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** A double without exponent or trailing zeros; parses back to the same double. */
    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Parses a {@code prime sim} command line (without "sim") into a configuration; for the demo and tests. */
    static SimConfig configFrom(String... args) {
        SimCommand command = new SimCommand();
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }
}
