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
        /** Six client points per configuration, short measurements: the same shapes in a few minutes. */
        QUICK,
        /** Two client points, seconds-long runs: exercises the whole path in a test. */
        TINY
    }

    /** What a series is, for the summary's comparisons. */
    enum Kind {
        PRIME, PRIME_ATTACK, BFT, BFT_ATTACK
    }

    /**
     * One curve of a figure: its legend (the paper's), the {@code prime sim} arguments that make it, and, for PBFT
     * under attack, the initial timeout (which sets how long its runs must be).
     */
    record Series(String id, String legend, Kind kind, List<String> simArgs, long timeoutMs) {
        Series {
            simArgs = List.copyOf(simArgs);
        }
    }

    /** One simulation: a series at one number of clients, with its warm-up and measured seconds. */
    record Run(int replicas, Series series, int clients, long seed, double warmupSeconds, double durationSeconds) {
        /** The {@code prime sim} arguments (without "sim") of this run. */
        List<String> simArgs() {
            List<String> args = new ArrayList<>(List.of(
                    "--replicas", Integer.toString(replicas),
                    "--clients", Integer.toString(clients),
                    "--update-bytes", Integer.toString(UPDATE_BYTES),
                    "--profile", "paper",
                    "--seed", Long.toString(seed),
                    "--warmup", SimCommand.plain(warmupSeconds),
                    "--duration", SimCommand.plain(durationSeconds)));
            args.addAll(series.simArgs());
            return args;
        }

        /**
         * Whether the run is long enough for its mean latency to mean something: always, but for PBFT under attack,
         * whose clients wait in line for minutes (see {@link Settings#bftAttackDuration}); where the run could not
         * last three turns of every client, its latency counts only the clients served early and the figures leave
         * it out (runs.csv keeps it).
         */
        boolean latencyCovered() {
            return series.kind() != Kind.BFT_ATTACK || durationSeconds >= turnsSeconds(replicas, clients, series.timeoutMs());
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

        /** Measured seconds of a run of {@code series} with {@code clients} clients on {@code n} servers. */
        double duration(Series series, int n, int clients) {
            if (series.kind() == Kind.BFT_ATTACK) {
                return bftAttackDuration(series.timeoutMs(), n, clients);
            }
            if (durationSeconds != null) {
                return durationSeconds;
            }
            return switch (mode) {
                case FULL -> 30;
                case QUICK -> 8;
                case TINY -> 2;
            };
        }

        /**
         * Measured seconds of PBFT under attack: it orders about f+1 updates per timeout TO whatever the load, so each
         * of C clients waits about C·TO/(f+1) for its turn (§3.1). A run lasts three such turns, so that the mean
         * latency is measured over clients that were served several times rather than only over the lucky first ones,
         * within [max(B s, B·TO), U]: B = 120 s and U = 1800 s in the full run, 30 s and 400 s in the quick one.
         */
        double bftAttackDuration(long timeoutMs, int n, int clients) {
            if (bftAttackSeconds != null) {
                return bftAttackSeconds;
            }
            if (mode == Mode.TINY) {
                return 3;
            }
            double b = mode == Mode.FULL ? 120 : 30;
            double u = mode == Mode.FULL ? 1800 : 400;
            double turns = Math.ceil(turnsSeconds(n, clients, timeoutMs));
            return Math.min(u, Math.max(Math.max(b, b * timeoutMs / 1000.0), turns));
        }
    }

    /** Three turns of every client of PBFT under attack: 3 · C · TO / (f+1) seconds (f+1 updates per timeout). */
    static double turnsSeconds(int n, int clients, long timeoutMs) {
        int f = (n - 1) / 3;
        return 3.0 * clients * (timeoutMs / 1000.0) / (f + 1);
    }

    /** Client points of the paper's x-axes: one client per server, then up to past each plateau. */
    static List<Integer> defaultClients(Mode mode, int n) {
        return switch (mode) {
            case FULL -> n == 4 ? List.of(4, 28, 100, 200, 300, 400, 500, 600, 700, 800, 1000, 1200, 1400)
                    : n == 7 ? List.of(7, 28, 70, 105, 140, 175, 210, 245, 280, 350, 420, 490, 560, 700, 840, 1050)
                    : List.of(n, 10 * n, 30 * n, 60 * n, 100 * n, 150 * n);
            case QUICK -> n == 4 ? List.of(4, 100, 300, 600, 1000, 1400)
                    : n == 7 ? List.of(7, 70, 210, 420, 700, 1050)
                    : List.of(n, 10 * n, 30 * n, 60 * n, 100 * n, 150 * n);
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
        out.add(new Series("prime", "Prime", Kind.PRIME,
                List.of("--protocol", "prime", "--reply-policy", s.primeReplyPolicy), 0));
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
                        0));
            }
        }
        out.add(new Series("bft", "BFT", Kind.BFT,
                List.of("--protocol", "pbft", "--reply-policy", s.pbftReplyPolicy,
                        "--pbft-timeout-ms", Long.toString(s.pbftTimeoutMs)), 0));
        for (long t : s.pbftAttackTimeoutsMs) {
            String tText = t % 1000 == 0 ? (t / 1000) + " s" : t + " ms";
            String tId = t % 1000 == 0 ? (t / 1000) + "s" : t + "ms";
            out.add(new Series("bft-attack-" + tId, "BFT Attack (" + tText + ")", Kind.BFT_ATTACK,
                    List.of("--protocol", "pbft", "--reply-policy", s.pbftReplyPolicy, "--pbft-timeout-ms",
                            Long.toString(t), "--attack", PBFT_ATTACK), t));
        }
        return out;
    }

    /** Every run, configuration by configuration, series by series, in increasing numbers of clients. */
    List<Run> runs() {
        List<Run> out = new ArrayList<>();
        for (int n : settings.replicas) {
            for (Series series : series(n)) {
                for (int c : settings.clientsFor(n)) {
                    out.add(new Run(n, series, c, settings.seed, settings.warmup(series.kind()),
                            settings.duration(series, n, c)));
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
