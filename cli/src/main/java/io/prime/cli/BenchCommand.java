package io.prime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prime.client.ClientOptions;
import io.prime.client.load.ClosedLoopLoad;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ConfigException;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code prime bench}: closed-loop load against a running cluster, from this separate process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Closed-loop load against a running cluster; prints throughput and latency.",
            "Each client keeps one signed KV PUT of --update-bytes in flight; measured after a warm-up.%n"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "the cluster file (cluster.yaml)")
    Path config;

    @Option(names = "--clients", defaultValue = "10", description = "closed-loop clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--first-client", defaultValue = "0", description = "first client id to use (default: ${DEFAULT-VALUE})")
    int firstClient;

    @Option(names = "--duration", defaultValue = "10", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "2", description = "seconds before measuring (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--update-bytes", defaultValue = "512", description = "payload bytes per update (default: ${DEFAULT-VALUE})")
    int updateBytes;

    @Option(names = "--io-threads", defaultValue = "1", description = "client event loop threads (default: ${DEFAULT-VALUE})")
    int ioThreads;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || durationSeconds < 1 || warmupSeconds < 0 || updateBytes < 1) {
            throw new PrimeCommand.UserException("--clients and --duration must be >= 1, --warmup >= 0, --update-bytes >= 1");
        }
        ClusterConfig cluster;
        try {
            cluster = ClusterConfig.load(config);
        } catch (ConfigException e) {
            throw new PrimeCommand.UserException(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> result;
        try (ClosedLoopLoad load = new ClosedLoopLoad(cluster, firstClient, clients, updateBytes, ClientOptions.defaults(), ioThreads)) {
            if (!load.awaitConnected(cluster.faults() + 1, 10_000)) {
                err.println("prime bench: could not connect to " + (cluster.faults() + 1) + " replicas within 10 s");
                err.flush();
                return KvCommand.EXIT_UNAVAILABLE;
            }
            load.start();
            TimeUnit.SECONDS.sleep(warmupSeconds); // the warm-up is a duration, not a synchronisation
            load.resetMeasurements();
            long t0 = System.nanoTime();
            long last = 0;
            for (int s = 1; s <= durationSeconds; s++) {
                long wakeAt = t0 + TimeUnit.SECONDS.toNanos(s);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, wakeAt - System.nanoTime()));
                long now = load.completed();
                Histogram h = load.intervalLatencyMicros();
                if (!json) {
                    err.printf(Locale.ROOT, "  %3d s  %8d updates/s  p50 %7.2f ms%n", s, now - last,
                            h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(50) / 1000.0);
                    err.flush();
                }
                last = now;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long done = load.completed();
            Histogram all = load.totalLatencyMicros();
            load.stop();
            result = new LinkedHashMap<>();
            result.put("throughput_ups", round(done / seconds));
            Map<String, Object> latency = new LinkedHashMap<>();
            for (String p : new String[] {"p50", "p90", "p99"}) {
                latency.put(p, round(all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(Double.parseDouble(p.substring(1))) / 1000.0));
            }
            latency.put("max", round(all.getMaxValue() / 1000.0));
            result.put("latency_ms", latency);
            result.put("clients", clients);
            result.put("errors", load.errors());
            result.put("updates", done);
            result.put("duration_s", round(seconds));
            result.put("update_bytes", updateBytes);
            result.put("retries", load.retries());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> l = (Map<String, Object>) result.get("latency_ms");
            out.printf(Locale.ROOT, "%d clients, %d-byte updates, %s s: %s updates/s; latency ms p50 %s, p90 %s, p99 %s, max %s; %s errors%n",
                    clients, updateBytes, result.get("duration_s"), result.get("throughput_ups"), l.get("p50"), l.get("p90"),
                    l.get("p99"), l.get("max"), result.get("errors"));
        }
        out.flush();
        return 0;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
