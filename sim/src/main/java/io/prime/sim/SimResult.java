package io.prime.sim;

import io.prime.core.RejectReason;
import io.prime.core.Rejections;
import io.prime.core.replica.ReplicaStatus;
import io.prime.core.traffic.TrafficClass;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a simulated run measured, as an ordered map ready for JSON, plus a human summary. */
public final class SimResult {
    private final Map<String, Object> fields;
    private final boolean violated;
    private final String violationText;

    private SimResult(Map<String, Object> fields, boolean violated, String violationText) {
        this.fields = fields;
        this.violated = violated;
        this.violationText = violationText;
    }

    static SimResult build(Simulation sim, double wallSeconds) {
        SimConfig c = sim.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", c.protocol);
        m.put("replicas", c.replicas);
        m.put("f", c.faults);
        m.put("clients", c.clients);
        m.put("update_bytes", c.updateBytes);
        m.put("seed", c.seed);
        m.put("profile", c.profile.name());
        m.put("reply_policy", c.replyPolicy.name().toLowerCase(java.util.Locale.ROOT));
        double measured = Math.max(0, (sim.nowNanos() - c.warmupNanos()) / 1e9);
        m.put("simulated_seconds", round(measured, 3));
        m.put("warmup_seconds", c.warmupSeconds);
        long executed = sim.completedInWindow();
        m.put("executed_updates", executed);
        m.put("throughput_ups", round(measured > 0 ? executed / measured : 0, 1));
        Histogram h = sim.latency();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", ms(h, 50));
        latency.put("p90", ms(h, 90));
        latency.put("p99", ms(h, 99));
        latency.put("max", h.getTotalCount() == 0 ? 0.0 : round(h.getMaxValue() / 1000.0, 3));
        latency.put("mean", h.getTotalCount() == 0 ? 0.0 : round(h.getMean() / 1000.0, 3));
        m.put("latency_ms", latency);
        String failed = sim.violation() == null ? null : sim.violation().invariant();
        m.put("safety", "SAFETY".equals(failed) ? "violated" : "ok");
        m.put("validity", "VALIDITY".equals(failed) ? "violated" : "ok");
        m.put("exactly_once", "EXACTLY-ONCE".equals(failed) ? "violated" : "ok");
        m.put("wall_seconds", round(wallSeconds, 3));
        m.put("events", sim.eventCount());
        m.put("messages_dropped_by_faults", sim.network().droppedByFaults());
        long retries = 0;
        for (SimClient client : sim.clients()) {
            retries += client.retries;
        }
        m.put("client_retries", retries);
        List<Map<String, Object>> perReplica = new ArrayList<>();
        double simulatedTotal = Math.max(1e-9, sim.nowNanos() / 1e9);
        for (SimReplica r : sim.replicas()) {
            Map<String, Object> pr = new LinkedHashMap<>();
            ReplicaStatus status = r.core.status();
            pr.put("id", r.id);
            pr.put("faulty", r.faulty);
            pr.put("executed", status.executedUpdates());
            pr.put("executed_in_window", sim.executedInWindow(r.id));
            pr.put("sent_messages", sim.network().sentMessages(r.id));
            pr.put("sent_bytes", sim.network().sentBytes(r.id));
            Map<String, Long> byClass = new LinkedHashMap<>();
            for (TrafficClass tc : TrafficClass.values()) {
                byClass.put(tc.name().toLowerCase(java.util.Locale.ROOT), sim.network().sentBytes(r.id, tc));
            }
            pr.put("uplink_bytes_by_class", byClass);
            Map<String, Long> inWindow = new LinkedHashMap<>();
            for (TrafficClass tc : TrafficClass.values()) {
                inWindow.put(tc.name().toLowerCase(java.util.Locale.ROOT), sim.uplinkBytesInWindow(r.id, tc));
            }
            pr.put("uplink_bytes_in_window_by_class", inWindow);
            pr.put("cpu_utilization", round(r.cpuBusyNanos / 1e9 / simulatedTotal, 3));
            pr.put("view", status.view());
            pr.put("ordered_seq", status.orderedAru());
            Rejections rej = r.rejections();
            pr.put("rejected", rej.byLabel());
            pr.put("blacklisted", status.blacklisted());
            perReplica.add(pr);
        }
        m.put("per_replica", perReplica);
        // Views: when each was installed (the first correct replica to install it) and its leader.
        java.util.TreeMap<Long, Double> installed = new java.util.TreeMap<>();
        List<Map<String, Object>> suspicions = new ArrayList<>();
        for (io.prime.core.replica.ProtocolEvent e : sim.protocolEvents()) {
            if (sim.replicas()[e.replica()].faulty) {
                continue;
            }
            if (e.type() == io.prime.core.replica.ProtocolEvent.Type.VIEW_INSTALLED) {
                long v = e.view();
                if (v < 0) {
                    java.util.regex.Matcher mv = java.util.regex.Pattern.compile("view (\\d+)").matcher(e.description());
                    if (!mv.find()) {
                        continue;
                    }
                    v = Long.parseLong(mv.group(1));
                }
                installed.putIfAbsent(v, round(e.timeNanos() / 1e9, 6));
            } else if (e.type() == io.prime.core.replica.ProtocolEvent.Type.LEADER_SUSPECTED && suspicions.size() < 20) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("time_s", round(e.timeNanos() / 1e9, 6));
                x.put("replica", e.replica());
                x.put("why", e.description());
                suspicions.add(x);
            }
        }
        List<Map<String, Object>> views = new ArrayList<>();
        Map<String, Object> v0 = new LinkedHashMap<>();
        v0.put("view", 0);
        v0.put("leader", c.protocolConfig.leaderOf(0));
        v0.put("installed_s", 0.0);
        views.add(v0);
        installed.forEach((v, t) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("view", v);
            x.put("leader", c.protocolConfig.leaderOf(v));
            x.put("installed_s", t);
            views.add(x);
        });
        m.put("view_changes", installed.size());
        m.put("views", views);
        m.put("suspicions", suspicions);
        m.put("bounded_delay", boundedDelay(sim, c, installed));
        String violationText = null;
        if (sim.violation() != null) {
            StringBuilder sb = new StringBuilder();
            sb.append(sim.violation().getMessage()).append('\n');
            sb.append("seed ").append(c.seed).append(", event #").append(sim.violationEvent())
                    .append(String.format(", simulated time %.6f s%n", sim.nowNanos() / 1e9));
            sb.append("last events:\n");
            for (String line : sim.violationTrace()) {
                sb.append("  ").append(line).append('\n');
            }
            sb.append("replay with: ").append(c.commandLine()).append('\n');
            violationText = sb.toString();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("invariant", sim.violation().invariant());
            v.put("detail", sim.violation().getMessage());
            v.put("event", sim.violationEvent());
            v.put("replay", c.commandLine());
            m.put("violation", v);
        }
        return new SimResult(m, sim.violation() != null, violationText);
    }

    /**
     * BOUNDED-DELAY (§2 Definition 2.5, §6): β = 6L* + 2K_Lat L* + 3Δagg, from the run's L* (largest latency between
     * correct servers once the network is stable, queueing included), K_Lat, and Δagg (bounded by the configured Δpp,
     * which covers every aggregation period and the leader's processing). The bound applies from the time the network
     * is stable and the view changes have settled (§6: "there is a time after which"), to the latency of each update from
     * its initiation at a correct server to its execution there.
     */
    private static Map<String, Object> boundedDelay(Simulation sim, SimConfig c, java.util.TreeMap<Long, Double> installed) {
        double lStarMs = sim.network().maxStableLatencyNanos() / 1e6;
        double kLat = c.protocolConfig.kLat;
        double deltaAggMs = Math.max(c.protocolConfig.deltaPpMicros,
                Math.max(c.protocolConfig.poAruPeriodMicros, c.protocolConfig.proofMatrixPeriodMicros)) / 1e3;
        double betaMs = 6 * lStarMs + 2 * kLat * lStarMs + 3 * deltaAggMs;
        double stableFromS = c.faultPlan.stableFromMicros() / 1e6;
        double lastViewS = installed.isEmpty() ? 0 : installed.lastEntry().getValue();
        double fromS = Math.max(Math.max(stableFromS, lastViewS), c.warmupSeconds);
        long fromNanos = (long) (fromS * 1e9);
        long[] countAndMax = sim.executionLatencyCountAndMax(fromNanos);
        long count = countAndMax[0];
        long max = countAndMax[1];
        long viewChangesAfterStable = installed.values().stream().filter(t -> t >= stableFromS).count();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("beta_ms", round(betaMs, 3));
        b.put("l_star_ms", round(lStarMs, 3));
        b.put("k_lat", kLat);
        b.put("delta_agg_ms", round(deltaAggMs, 3));
        b.put("measured_from_s", round(fromS, 6));
        b.put("updates_measured", count);
        b.put("max_latency_ms", round(max / 1e6, 3));
        b.put("holds", count > 0 && max / 1e6 <= betaMs);
        b.put("view_changes_after_stabilization", viewChangesAfterStable);
        return b;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : round(h.getValueAtPercentile(percentile) / 1000.0, 3);
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public boolean violated() {
        return violated;
    }

    /** The failure report: seed, event number, last events and the replay command; null if no violation. */
    public String violationReport() {
        return violationText;
    }

    public double throughput() {
        return ((Number) fields.get("throughput_ups")).doubleValue();
    }

    public long executedUpdates() {
        return ((Number) fields.get("executed_updates")).longValue();
    }

    @SuppressWarnings("unchecked")
    public double latencyMs(String key) {
        return ((Number) ((Map<String, Object>) fields.get("latency_ms")).get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> perReplica() {
        return (List<Map<String, Object>>) fields.get("per_replica");
    }

    /** A few lines a newcomer can read. */
    public String humanSummary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s, %d replicas (f=%d), %d clients, %d-byte updates, profile %s, seed %d%n",
                fields.get("protocol"), fields.get("replicas"), fields.get("f"), fields.get("clients"),
                fields.get("update_bytes"), fields.get("profile"), fields.get("seed")));
        sb.append(String.format("measured %.1f simulated seconds (after %.1f s warm-up) in %.1f s of wall time%n",
                fields.get("simulated_seconds"), fields.get("warmup_seconds"), fields.get("wall_seconds")));
        sb.append(String.format("throughput %.1f updates/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                throughput(), latencyMs("p50"), latencyMs("p99"), latencyMs("max")));
        sb.append(String.format("safety %s, validity %s, exactly-once %s%n", fields.get("safety"), fields.get("validity"),
                fields.get("exactly_once")));
        for (Map<String, Object> r : perReplica()) {
            sb.append(String.format("  replica %s%s: executed %s updates, sent %s messages (%.1f MB), cpu %.0f%%, rejected %s%n",
                    r.get("id"), Boolean.TRUE.equals(r.get("faulty")) ? " (faulty)" : "", r.get("executed"),
                    r.get("sent_messages"), ((Number) r.get("sent_bytes")).longValue() / 1e6,
                    ((Number) r.get("cpu_utilization")).doubleValue() * 100, r.get("rejected")));
        }
        if (violationText != null) {
            sb.append(violationText);
        }
        return sb.toString();
    }

    static String label(RejectReason r) {
        return r.label();
    }
}
