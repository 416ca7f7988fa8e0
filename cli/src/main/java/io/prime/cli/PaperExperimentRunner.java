package io.prime.cli;

import io.prime.cli.PaperExperiment.Run;
import io.prime.sim.SimConfig;
import io.prime.sim.SimResult;
import io.prime.sim.Simulation;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Builds and runs the simulations of a {@link PaperExperiment}. Each run is an independent, deterministic
 * {@link Simulation} (its own event queue, network, replicas and random generator, nothing shared), so running
 * several at once on different threads gives exactly the results of running them one after the other; only the
 * order of the progress lines and the wall times change.
 */
final class PaperExperimentRunner {
    /** What one run measured: the numbers the figures and the summary use, and the run's full JSON fields. */
    record Result(Run run, double throughput, double meanMs, double p50Ms, double p90Ms, double p99Ms, double maxMs,
                  long executed, long viewChanges, long clientRetries, double cpuMax, Bytes bytes, boolean violated,
                  String violationReport, String replay, double wallSeconds, Map<String, Object> fields) {
        /**
         * The mean latency a closed loop without think time implies (Little's law: clients / throughput); a
         * cross-check of {@link #meanMs} that also counts the clients still waiting when the measurement ended.
         */
        double littlesLawMs() {
            return throughput > 0 ? 1000.0 * run.clients() / throughput : 0;
        }
    }

    /**
     * What each correct server's uplink carried per update it executed, in the measured window
     * ({@code uplink_bytes_in_window_by_class} / {@code executed_in_window}): mean and largest over the correct
     * servers, the reconciliation class alone, and the mean per class; the busiest uplink's utilisation of 10 Mbps in
     * the window; and, as the brief of docs/results.md asks, {@code sent_bytes} / {@code executed} over the whole run
     * (warm-up included; it also counts replies to a server's own clients, which do not cross its uplink).
     */
    record Bytes(double sentMean, double uplinkMean, double uplinkMax, double reconciliationMean,
                 Map<String, Double> uplinkByClassMean, double uplinkUtilizationMax) {
        static final Bytes NONE = new Bytes(0, 0, 0, 0, Map.of(), 0);

        /** The throughput at which the busiest correct uplink would be full: 10 Mbps / its bytes per update. */
        double bandwidthBoundUps() {
            return uplinkMax > 0 ? PaperExperiment.UPLINK_BYTES_PER_SECOND / uplinkMax : Double.POSITIVE_INFINITY;
        }
    }

    private PaperExperimentRunner() {
    }

    /**
     * Builds every run's configuration exactly as {@code prime sim} would from its arguments. A run that
     * {@code prime sim} refuses (an attack it does not know, an option it does not have, more behaviours than f)
     * makes its whole series unavailable: the map gives, per series key ({@link #key}), the reason.
     */
    static Map<String, String> validate(List<Run> runs, Map<Run, SimConfig> configs) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Run run : runs) {
            String key = key(run);
            if (problems.containsKey(key)) {
                continue;
            }
            try {
                configs.put(run, SimCommand.configFrom(run.simArgs().toArray(String[]::new)));
            } catch (CommandLine.ParameterException | IllegalArgumentException e) {
                problems.put(key, "prime sim " + String.join(" ", run.series().simArgs()) + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** A series of one configuration: "7/prime-attack-klat1". */
    static String key(Run run) {
        return run.replicas() + "/" + run.series().id();
    }

    /**
     * Runs {@code runs} on {@code jobs} threads, the most expensive first, and returns the results in the order of
     * {@code runs}. {@code progress} gets one line per finished run.
     */
    static List<Result> run(List<Run> runs, Map<Run, SimConfig> configs, int jobs, Consumer<String> progress) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -cost(runs.get(i))).thenComparing(i -> i));
        AtomicInteger done = new AtomicInteger();
        int width = Integer.toString(runs.size()).length();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "experiment-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                futures.add(null);
            }
            for (int i : order) {
                Run run = runs.get(i);
                SimConfig config = configs.get(run);
                futures.set(i, pool.submit(() -> {
                    Result r = measure(run, config);
                    String line = String.format(Locale.ROOT, "[%" + width + "d/%d] %s: %.1f updates/s, latency mean %.0f ms,"
                                    + " p50 %.0f ms%s (%.1f s wall)%s", done.incrementAndGet(), runs.size(), run.label(),
                            r.throughput(), r.meanMs(), r.p50Ms(),
                            r.viewChanges() > 0 ? ", " + r.viewChanges() + " view change" + (r.viewChanges() == 1 ? "" : "s") : "",
                            r.wallSeconds(), r.violated() ? "  INVARIANT VIOLATED" : "");
                    synchronized (progress) {
                        progress.accept(line);
                    }
                    return r;
                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A rough estimate of a run's wall time, only to start the long ones first. */
    private static double cost(Run run) {
        double seconds = run.warmupSeconds() + run.durationSeconds();
        double load = run.series().kind() == PaperExperiment.Kind.BFT_ATTACK ? 20 : run.clients() + 20;
        return seconds * load * run.replicas();
    }

    static Result measure(Run run, SimConfig config) {
        SimResult r = new Simulation(config).run();
        Map<String, Object> f = r.fields();
        double cpuMax = 0;
        for (Map<String, Object> pr : r.perReplica()) {
            if (!Boolean.TRUE.equals(pr.get("faulty"))) {
                cpuMax = Math.max(cpuMax, ((Number) pr.get("cpu_utilization")).doubleValue());
            }
        }
        return new Result(run, r.throughput(), r.latencyMs("mean"), r.latencyMs("p50"), r.latencyMs("p90"),
                r.latencyMs("p99"), r.latencyMs("max"), r.executedUpdates(), ((Number) f.get("view_changes")).longValue(),
                ((Number) f.get("client_retries")).longValue(), cpuMax,
                bytes(r.perReplica(), ((Number) f.get("simulated_seconds")).doubleValue()), r.violated(),
                r.violationReport(), config.commandLine(), ((Number) f.get("wall_seconds")).doubleValue(), f);
    }

    @SuppressWarnings("unchecked")
    static Bytes bytes(List<Map<String, Object>> perReplica, double measuredSeconds) {
        double sent = 0;
        double uplink = 0;
        double uplinkMax = 0;
        double recon = 0;
        double utilization = 0;
        Map<String, Double> byClassSum = new LinkedHashMap<>();
        int n = 0;
        for (Map<String, Object> pr : perReplica) {
            long executed = ((Number) pr.get("executed")).longValue();
            long inWindow = ((Number) pr.get("executed_in_window")).longValue();
            if (Boolean.TRUE.equals(pr.get("faulty")) || executed == 0 || inWindow == 0) {
                continue;
            }
            Map<String, Object> byClass = (Map<String, Object>) pr.get("uplink_bytes_in_window_by_class");
            long up = 0;
            for (Map.Entry<String, Object> e : byClass.entrySet()) {
                long v = ((Number) e.getValue()).longValue();
                up += v;
                byClassSum.merge(e.getKey(), (double) v / inWindow, Double::sum);
            }
            long rec = byClass.containsKey("reconciliation") ? ((Number) byClass.get("reconciliation")).longValue() : 0;
            double perUpdate = (double) up / inWindow;
            sent += ((Number) pr.get("sent_bytes")).doubleValue() / executed;
            uplink += perUpdate;
            uplinkMax = Math.max(uplinkMax, perUpdate);
            recon += (double) rec / inWindow;
            if (measuredSeconds > 0) {
                utilization = Math.max(utilization, up / (PaperExperiment.UPLINK_BYTES_PER_SECOND * measuredSeconds));
            }
            n++;
        }
        if (n == 0) {
            return Bytes.NONE;
        }
        Map<String, Double> byClass = new LinkedHashMap<>();
        int count = n;
        byClassSum.forEach((k, v) -> byClass.put(k, v / count));
        return new Bytes(sent / n, uplink / n, uplinkMax, recon / n, byClass, utilization);
    }
}
