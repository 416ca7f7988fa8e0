package io.prime.runtime.metrics;

import io.prime.core.RejectReason;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaStatus;
import io.prime.core.traffic.TrafficClass;
import io.prime.runtime.ReplicaNode;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * A replica's Prometheus metrics, served on {@code /metrics} (docs/operations.md lists them all). Counters the core
 * thread feeds directly (executed updates, latencies, step sizes, protocol events) and gauges read on each scrape
 * from the node's status snapshot and the transport's counters. TAT_leader and TAT_acceptable (§4.2) are NaN until
 * the core has measured them.
 */
public final class ReplicaMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMetrics.class);

    private final ReplicaNode node;
    private final int port;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter executed;
    private final Histogram latency;
    private final Histogram stepDuration;
    private final Histogram stepInputs;
    private final Counter events;
    private final Counter suspicions;
    private final Counter viewChanges;
    private HTTPServer server;

    public ReplicaMetrics(ReplicaNode node, int port) {
        this.node = node;
        this.port = port;
        String id = Integer.toString(node.id());
        executed = Counter.builder().name("prime_executed_updates").help("Client updates executed by this replica")
                .register(registry);
        latency = Histogram.builder().name("prime_update_latency_seconds")
                .help("From an update entering this replica's core to its execution, for updates submitted here")
                .classicOnly().classicUpperBounds(0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5)
                .register(registry);
        stepDuration = Histogram.builder().name("prime_core_step_seconds").help("Duration of one core step")
                .classicOnly().classicUpperBounds(0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05)
                .register(registry);
        stepInputs = Histogram.builder().name("prime_core_step_inputs").help("Inputs handed to one core step (batching)")
                .classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096)
                .register(registry);
        events = Counter.builder().name("prime_protocol_events").help("Protocol events by type").labelNames("type")
                .register(registry);
        suspicions = Counter.builder().name("prime_leader_suspicions").help("Times this replica suspected the leader (SUSPECT-LEADER)")
                .register(registry);
        viewChanges = Counter.builder().name("prime_view_changes").help("View changes installed by this replica")
                .register(registry);
        suspicions.inc(0);
        viewChanges.inc(0);
        GaugeWithCallback.builder().name("prime_replica_behaviour").help("Constant 1, labelled with this replica's id and behaviour")
                .labelNames("replica", "behaviour").callback(cb -> cb.call(1, id, node.behaviour())).register(registry);
        status("prime_view", "Current view", s -> s.view());
        status("prime_leader", "Leader of the current view", s -> s.leader());
        status("prime_ordered_aru", "Highest global sequence number with everything up to it ordered", s -> s.orderedAru());
        status("prime_executed_seq", "Highest global sequence number fully executed", s -> s.executedSeq());
        status("prime_blacklisted_servers", "Servers this replica has blacklisted", s -> s.blacklisted().size());
        GaugeWithCallback.builder().name("prime_tat_leader_seconds")
                .help("TAT_leader (§4.2): the leader's turnaround time as this replica measures it (NaN until the core reports it)")
                .callback(cb -> cb.call(seconds(node.status().tatLeaderMicros()))).register(registry);
        GaugeWithCallback.builder().name("prime_tat_acceptable_seconds")
                .help("TAT_acceptable (§4.2): the turnaround time this replica accepts (NaN until the core reports it)")
                .callback(cb -> cb.call(seconds(node.status().tatAcceptableMicros()))).register(registry);
        CounterWithCallback.builder().name("prime_rejected_messages")
                .help("Messages refused, by where (edge: decoding and signatures; core: protocol rules) and why")
                .labelNames("stage", "reason")
                .callback(cb -> {
                    Map<RejectReason, Long> core = node.coreRejections();
                    for (RejectReason r : RejectReason.values()) {
                        cb.call(node.edgeCounters().rejected(r), "edge", r.label());
                        cb.call(core.getOrDefault(r, 0L), "core", r.label());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("prime_handshake_refusals").help("Connections refused during the signed handshake, by reason")
                .labelNames("reason")
                .callback(cb -> node.transportCounters().handshakeRefusals().forEach((r, v) -> cb.call(v, r.label())))
                .register(registry);
        CounterWithCallback.builder().name("prime_oversized_frames").help("Connections closed for a frame above maxFrameBytes")
                .callback(cb -> cb.call(node.transportCounters().oversizedFrames.sum())).register(registry);
        CounterWithCallback.builder().name("prime_sent_bytes").help("Bytes handed to sockets, by traffic class")
                .labelNames("class")
                .callback(cb -> {
                    for (TrafficClass c : TrafficClass.values()) {
                        cb.call(node.transportCounters().sentBytes(c), label(c));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("prime_dropped_frames").help("Outgoing frames dropped because their queue was full, by class")
                .labelNames("class")
                .callback(cb -> {
                    for (TrafficClass c : TrafficClass.values()) {
                        cb.call(node.transportCounters().droppedFrames(c), label(c));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("prime_dropped_replies").help("Replies not sent: client not connected here, or not reading")
                .labelNames("why")
                .callback(cb -> {
                    cb.call(node.transportCounters().repliesToUnconnectedClients.sum(), "not_connected");
                    cb.call(node.transportCounters().repliesDroppedBackpressure.sum(), "backpressure");
                }).register(registry);
        CounterWithCallback.builder().name("prime_signature_verifications").help("Public-key verifications at the edge (cache misses)")
                .callback(cb -> cb.call(node.edgeCounters().signatureVerifications.sum())).register(registry);
        CounterWithCallback.builder().name("prime_verified_frames").help("Frames accepted by the edge")
                .callback(cb -> cb.call(node.edgeCounters().verifiedFrames.sum())).register(registry);
        GaugeWithCallback.builder().name("prime_outbound_queue_frames").help("Frames queued for a peer, by traffic class")
                .labelNames("peer", "class")
                .callback(cb -> {
                    for (int p = 0; p < node.cluster().replicaCount(); p++) {
                        if (p != node.id()) {
                            for (TrafficClass c : TrafficClass.values()) {
                                cb.call(node.transport().queuedItems(p, c), Integer.toString(p), label(c));
                            }
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("prime_outbound_queue_bytes").help("Bytes queued for a peer, by traffic class")
                .labelNames("peer", "class")
                .callback(cb -> {
                    for (int p = 0; p < node.cluster().replicaCount(); p++) {
                        if (p != node.id()) {
                            for (TrafficClass c : TrafficClass.values()) {
                                cb.call(node.transport().queuedBytes(p, c), Integer.toString(p), label(c));
                            }
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("prime_core_inbox_inputs").help("Verified inputs waiting for the core")
                .callback(cb -> cb.call(node.coreInboxSize())).register(registry);
        GaugeWithCallback.builder().name("prime_edge_ready_sources").help("Connections with frames waiting for verification")
                .callback(cb -> cb.call(node.edgeReadySources())).register(registry);
        GaugeWithCallback.builder().name("prime_connected_peers").help("Replicas this replica has a live connection to")
                .callback(cb -> cb.call(node.transport().connectedPeers())).register(registry);
        GaugeWithCallback.builder().name("prime_client_connections").help("Authenticated client connections")
                .callback(cb -> cb.call(node.transport().clientConnections())).register(registry);
    }

    private interface StatusValue {
        double of(ReplicaStatus s);
    }

    private void status(String name, String help, StatusValue f) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(f.of(node.status()))).register(registry);
    }

    private static String label(TrafficClass c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    /** Starts the HTTP server if a port was given. */
    public void start() throws IOException {
        if (port > 0) {
            server = HTTPServer.builder().port(port).registry(registry).buildAndStart();
            LOG.info("replica {}: metrics on http://localhost:{}/metrics", node.id(), server.getPort());
        }
    }

    public int port() {
        return server == null ? 0 : server.getPort();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    // core thread
    public void executed(int n) {
        if (n > 0) {
            executed.inc(n);
        }
    }

    public void updateLatency(long nanos) {
        latency.observe(nanos / 1e9);
    }

    public void step(long nanos, int inputs) {
        stepDuration.observe(nanos / 1e9);
        stepInputs.observe(inputs);
    }

    public void event(ProtocolEvent e) {
        events.labelValues(e.type().name().toLowerCase(Locale.ROOT)).inc();
        if (e.type() == ProtocolEvent.Type.LEADER_SUSPECTED) {
            suspicions.inc();
        } else if (e.type() == ProtocolEvent.Type.VIEW_INSTALLED) {
            viewChanges.inc();
        }
    }

    /** Fed by the core once it measures turnaround times (§4.2). */
    private static double seconds(long micros) {
        return micros < 0 ? Double.NaN : micros / 1e6;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
