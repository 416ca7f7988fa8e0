package io.prime.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper's §7 experiment (Fig. 6–9) as data: for each configuration (4 and 7 servers), which series, at which
 * numbers of clients, with which {@code prime sim} arguments. Every run is an ordinary {@code prime sim} command line,
 * so each point of a figure can be replayed alone, and attacks and K_Lat are names and numbers handed to
 * {@code prime sim}, not code here: a series whose attack or option {@code prime sim} does not know is reported as
 * unavailable before anything runs ({@link PaperExperimentRunner#validate}).
 */
final class PaperExperiment {
    /** How much of the experiment to run. */
    enum Mode {
        /** Every client point, long enough measurements: the figures of docs/results.md. */
        FULL,
        /** Five client points, short measurements: the same shapes in a few minutes. */
        QUICK,
        /** Two client points, seconds-long runs: exercises the whole path in a test. */
        TINY
    }

    /** What a series is, for the summary's comparisons. */
    enum Kind {
        PRIME, PRIME_ATTACK, BFT, BFT_ATTACK
    }

    /** One curve of a figure: its legend (the paper's), and the {@code prime sim} arguments that make it. */
    record Series(String id, String legend, Kind kind, List<String> simArgs, double warmupSeconds, double durationSeconds) {
        Series {
            simArgs = List.copyOf(simArgs);
        }
    }

    /** One simulation: a series at one number of clients. */
    record Run(int replicas, Series series, int clients, long seed) {
        /** The {@code prime sim} arguments (without "sim") of this run. */
        List<String> simArgs() {
            List<String> args = new ArrayList<>(List.of(
                    "--replicas", Integer.toString(replicas),
                    "--clients", Integer.toString(clients),
                    "--update-bytes", Integer.toString(UPDATE_BYTES),
                    "--profile", "paper",
                    "--seed", Long.toString(seed),
                    "--warmup", SimCommand.plain(series.warmupSeconds()),
                    "--duration", SimCommand.plain(series.durationSeconds())));
            args.addAll(series.simArgs());
            return args;
        }

        String label() {
            return String.format(Locale.ROOT, "%d servers, %s, %d clients", replicas, series.legend(), clients);
        }
    }

    /** The paper's updates: "one write update (containing 512 bytes of data)". */
    static final int UPDATE_BYTES = 512;
    /** The paper's per-server outgoing bandwidth, 10 Mbps, in bytes per second (the bound of docs/results.md). */
    static final double UPLINK_BYTES_PER_SECOND = 10e6 / 8;
    /** Whether {@code prime sim} has {@code --k-lat} (it comes with the leader attacks). */
    static final boolean SIM_HAS_K_LAT =
            new picocli.CommandLine(new SimCommand()).getCommandSpec().findOption("--k-lat") != null;
    /** K_Lat of a {@code prime sim} run that does not set it. */
    static final double DEFAULT_K_LAT = SimCommand.configFrom("--replicas", "4").protocolConfig.kLat;
    /** The attack on PBFT (paper §3.1). */
    static final String PBFT_ATTACK = "pbft-preprepare-delay";

    /**
     * The attack on Prime for each number of servers (paper §7: the leader delays as much as it can without being
     * suspected, and every faulty server forces reconciliation). With f = 1 the only faulty server is the leader, so
     * it does both ({@code a+b}: two behaviours on one replica); with f = 2 the second faulty server forces
     * reconciliation too.
     */
    static Map<Integer, String> defaultPrimeAttacks() {
        Map<Integer, String> m = new TreeMap<>();
        m.put(4, "leader-delay+recon");
        m.put(7, "leader-delay+recon,recon");
        return m;
    }

    /**
     * Stand-ins for {@link #defaultPrimeAttacks} while {@code leader-delay} does not exist: the reconciliation attack
     * alone, by f non-leader servers.
     */
    static Map<Integer, String> standInPrimeAttacks() {
        Map<Integer, String> m = new TreeMap<>();
        m.put(4, "recon");
        m.put(7, "recon,recon");
        return m;
    }

    /** Everything that decides the runs; the defaults are the paper's settings, per mode. */
    static final class Settings {
        Mode mode = Mode.QUICK;
        List<Integer> replicas = List.of(7, 4);
        /** Client counts per number of servers; null: the mode's. */
        Map<Integer, List<Integer>> clients;
        Map<Integer, String> primeAttacks = defaultPrimeAttacks();
        List<Double> kLats = List.of(1.0, 2.0);
        /** PBFT's initial timeouts under attack: the paper's aggressive 300 ms and BFT's default 5 s. */
        List<Long> pbftAttackTimeoutsMs = List.of(300L, 5000L);
        /** PBFT's timeout when fault-free (no view change happens; BFT's default). */
        long pbftTimeoutMs = 5000;
        /** Prime's clients trust their own server (the paper's testbed). */
        String primeReplyPolicy = "home";
        /** BFT's client library waits for f+1 matching replies, which every server sends. */
        String pbftReplyPolicy = "quorum";
        long seed = 1;
        /** Overrides of the mode's durations (null: the mode's). */
        Double warmupSeconds;
        Double durationSeconds;
        Double bftAttackSeconds;

        List<Integer> clientsFor(int n) {
            if (clients != null && clients.containsKey(n)) {
                return clients.get(n);
            }
            return defaultClients(mode, n);
        }

        double warmup(Kind kind) {
            if (warmupSeconds != null) {
                return warmupSeconds;
            }
            return switch (mode) {
                case FULL -> kind == Kind.BFT_ATTACK ? 3 : 5;
                case QUICK -> 3;
                case TINY -> 1;
            };
        }

        double duration() {
            if (durationSeconds != null) {
                return durationSeconds;
            }
            return switch (mode) {
                case FULL -> 20;
                case QUICK -> 6;
                case TINY -> 2;
            };
        }

        /**
         * Measured seconds of PBFT under attack with initial timeout {@code timeoutMs}: at least B seconds and B
         * timeouts (it orders a few updates per timeout, and each client waits for its turn among many), B = 120 in
         * the full run, 30 in the quick one.
         */
        double bftAttackDuration(long timeoutMs) {
            if (bftAttackSeconds != null) {
                return bftAttackSeconds;
            }
            double b = switch (mode) {
                case FULL -> 120;
                case QUICK -> 30;
                case TINY -> 3;
            };
            return mode == Mode.TINY ? b : Math.max(b, b * timeoutMs / 1000.0);
        }
    }

    /** Client points of the paper's x-axes: one client per server, then up to past each plateau. */
    static List<Integer> defaultClients(Mode mode, int n) {
        return switch (mode) {
            case FULL -> n == 4 ? List.of(4, 28, 100, 200, 300, 400, 500, 600, 800, 1000)
                    : n == 7 ? List.of(7, 28, 70, 140, 210, 280, 350, 420, 560, 700)
                    : List.of(n, 10 * n, 30 * n, 60 * n, 100 * n);
            case QUICK -> n == 4 ? List.of(4, 100, 300, 600, 1000)
                    : n == 7 ? List.of(7, 70, 210, 420, 700)
                    : List.of(n, 10 * n, 30 * n, 60 * n, 100 * n);
            case TINY -> List.of(n, 15 * n);
        };
    }

    private final Settings settings;

    PaperExperiment(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** The series of the figures for {@code n} servers, in legend order. */
    List<Series> series(int n) {
        Settings s = settings;
        List<Series> out = new ArrayList<>();
        double w = s.warmup(Kind.PRIME);
        double d = s.duration();
        out.add(new Series("prime", "Prime", Kind.PRIME,
                List.of("--protocol", "prime", "--reply-policy", s.primeReplyPolicy), w, d));
        String attack = s.primeAttacks.get(n);
        if (attack != null) {
            for (double k : s.kLats) {
                String kText = SimCommand.plain(k);
                List<String> args = new ArrayList<>(List.of("--protocol", "prime", "--reply-policy", s.primeReplyPolicy,
                        "--attack", attack));
                if (SIM_HAS_K_LAT || k != DEFAULT_K_LAT) {
                    // without the option (before the leader attacks), K_Lat = the default needs no argument; any
                    // other value stays in, and validation reports the option as unknown
                    args.add("--k-lat");
                    args.add(kText);
                }
                out.add(new Series("prime-attack-klat" + kText, "Prime Attack, KLat=" + kText, Kind.PRIME_ATTACK, args,
                        w, d));
            }
        }
        out.add(new Series("bft", "BFT", Kind.BFT,
                List.of("--protocol", "pbft", "--reply-policy", s.pbftReplyPolicy,
                        "--pbft-timeout-ms", Long.toString(s.pbftTimeoutMs)), w, d));
        for (long t : s.pbftAttackTimeoutsMs) {
            String tText = t % 1000 == 0 ? (t / 1000) + " s" : t + " ms";
            String tId = t % 1000 == 0 ? (t / 1000) + "s" : t + "ms";
            out.add(new Series("bft-attack-" + tId, "BFT Attack (" + tText + ")", Kind.BFT_ATTACK,
                    List.of("--protocol", "pbft", "--reply-policy", s.pbftReplyPolicy, "--pbft-timeout-ms",
                            Long.toString(t), "--attack", PBFT_ATTACK),
                    s.warmup(Kind.BFT_ATTACK), s.bftAttackDuration(t)));
        }
        return out;
    }

    /** Every run, configuration by configuration, series by series, in increasing numbers of clients. */
    List<Run> runs() {
        List<Run> out = new ArrayList<>();
        for (int n : settings.replicas) {
            for (Series series : series(n)) {
                for (int c : settings.clientsFor(n)) {
                    out.add(new Run(n, series, c, settings.seed));
                }
            }
        }
        return out;
    }

    /** The paper's figures: throughput and latency for 7 servers (Fig. 6, 7) and for 4 (Fig. 8, 9). */
    record Figure(String file, int replicas, boolean throughput, String title, String yAxis) {
    }

    static List<Figure> figures(List<Integer> replicas) {
        Map<Integer, int[]> numbers = new LinkedHashMap<>();
        numbers.put(7, new int[] {6, 7});
        numbers.put(4, new int[] {8, 9});
        List<Figure> out = new ArrayList<>();
        for (int n : replicas) {
            int[] fig = numbers.get(n);
            String tp = fig == null ? "throughput-" + n : "fig" + fig[0] + "-throughput-" + n;
            String lat = fig == null ? "latency-" + n : "fig" + fig[1] + "-latency-" + n;
            out.add(new Figure(tp, n, true, n + " servers, Throughput vs. number of clients, 50 ms Diameter",
                    "Throughput (updates/sec)"));
            out.add(new Figure(lat, n, false, n + " servers, Latency vs. number of clients, 50 ms Diameter",
                    "Latency (ms)"));
        }
        return out;
    }
}
