package io.prime.runtime;

import io.prime.crypto.threshold.BlsThresholdScheme;

import io.prime.core.RejectReason;
import io.prime.core.app.StateMachine;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.Signer;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.message.PrimeMessages;
import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import io.prime.crypto.SignatureSchemes;
import io.prime.kv.KvStore;
import io.prime.runtime.behaviour.BehaviourContext;
import io.prime.runtime.behaviour.Behaviours;
import io.prime.runtime.behaviour.ReplicaBehaviour;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.KeyFiles;
import io.prime.runtime.config.TransportConfig;
import io.prime.runtime.edge.ConcurrentVerificationCache;
import io.prime.runtime.edge.CoreInbox;
import io.prime.runtime.edge.EdgeCounters;
import io.prime.runtime.edge.EdgePool;
import io.prime.runtime.metrics.ReplicaMetrics;
import io.prime.runtime.storage.FileReplicaStorage;
import io.prime.core.durable.DurableCodec;
import io.prime.core.durable.DurableRecord;
import io.prime.runtime.storage.ReplicaStorage;
import io.prime.runtime.transport.ReplicaTransport;
import io.prime.runtime.transport.TlsSupport;
import io.prime.runtime.transport.TransportCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One replica process: the transport (Netty), the edge (a pool that decodes and verifies every frame in parallel),
 * the core (one thread running {@link ReplicaCore#step} in a loop) and the publisher that hands the core's outputs
 * back to the transport, the metrics and the log. The same {@link PrimeReplica} the simulator drives.
 */
public final class ReplicaNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaNode.class);
    /** One line per protocol event (view change, suspicion, blacklisting): a logger of its own, easy to filter. */
    private static final Logger EVENTS = LoggerFactory.getLogger("io.prime.events");
    private static final int MAX_TRACKED_ARRIVALS = 200_000;

    /**
     * How to run one replica of a cluster.
     *
     * @param id          the replica id
     * @param dataDir     its data directory (null: none, nothing is written)
     * @param metricsPort Prometheus port (-1: the cluster file's metricsPort, 0: no metrics server)
     * @param behaviour   {@code none} or a Byzantine behaviour's name
     * @param linkDelayMillis extra delay on outgoing replica frames (-1: the cluster file's)
     * @param application the state machine (null: the KV store)
     * @param privateKey  the replica's private key (null: read from the cluster's key file)
     * @param coalition   the replicas running a Byzantine behaviour, as a mask (this one is always included): what
     *                    {@link BehaviourContext#coalitionMask()} tells the behaviour
     * @param dormant     whether the behaviour starts switched off: the replica runs the honest protocol until
     *                    {@link #activateBehaviour()} (a replica compromised while it runs; the demo uses it)
     */
    public record Options(int id, Path dataDir, int metricsPort, String behaviour, int linkDelayMillis,
                          StateMachine application, byte[] privateKey, long coalition, boolean dormant) {
        public static Options of(int id) {
            return new Options(id, null, 0, Behaviours.NONE, -1, null, null, 0, false);
        }

        public Options withDataDir(Path dir) {
            return new Options(id, dir, metricsPort, behaviour, linkDelayMillis, application, privateKey, coalition, dormant);
        }

        public Options withMetricsPort(int port) {
            return new Options(id, dataDir, port, behaviour, linkDelayMillis, application, privateKey, coalition, dormant);
        }

        public Options withBehaviour(String name) {
            return new Options(id, dataDir, metricsPort, name, linkDelayMillis, application, privateKey, coalition, dormant);
        }

        public Options withLinkDelayMillis(int millis) {
            return new Options(id, dataDir, metricsPort, behaviour, millis, application, privateKey, coalition, dormant);
        }

        public Options withApplication(StateMachine app) {
            return new Options(id, dataDir, metricsPort, behaviour, linkDelayMillis, app, privateKey, coalition, dormant);
        }

        public Options withPrivateKey(byte[] key) {
            return new Options(id, dataDir, metricsPort, behaviour, linkDelayMillis, application, key, coalition, dormant);
        }

        public Options withCoalition(long mask) {
            return new Options(id, dataDir, metricsPort, behaviour, linkDelayMillis, application, privateKey, mask, dormant);
        }

        public Options withDormantBehaviour(boolean startDormant) {
            return new Options(id, dataDir, metricsPort, behaviour, linkDelayMillis, application, privateKey, coalition,
                    startDormant);
        }
    }

    private final int id;
    private final ClusterConfig cluster;
    private final ReplicaCore core;
    private final CoreInbox inbox;
    private final EdgePool edge;
    private final EdgeCounters edgeCounters = new EdgeCounters();
    private final TransportCounters transportCounters = new TransportCounters();
    private final ReplicaTransport transport;
    private final CoreLoop loop;
    private final Thread coreThread;
    private final ReplicaMetrics metrics;
    private final ReplicaStorage storage;
    private final ConcurrentVerificationCache cache;
    private final Map<UpdateId, Long> arrivals = new HashMap<>();
    private final String behaviourName;
    /** Set when the behaviour starts dormant: the switch {@link #activateBehaviour()} flips. */
    private final DormantBehaviour dormant;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private ReplicaNode(ClusterConfig clusterConfig, Options options) throws IOException, InterruptedException {
        this.id = options.id();
        TransportConfig t = clusterConfig.transport();
        if (options.linkDelayMillis() >= 0) {
            t = t.withLinkDelayMillis(options.linkDelayMillis());
        }
        this.cluster = clusterConfig.withTransport(t);
        cluster.replica(id); // validates the id
        SignatureScheme scheme = SignatureSchemes.byName(cluster.signatureScheme());
        byte[] privateKey = options.privateKey() != null ? options.privateKey() : KeyFiles.readPrivate(cluster.replicaKeyFile(id));
        KeyDirectory keys = cluster.keyDirectory(scheme);

        List<DurableRecord> stored = List.of();
        if (options.dataDir() != null) {
            storage = new FileReplicaStorage(options.dataDir(), new DurableCodec(PrimeMessages.registry(),
                    cluster.wireLimits(), cluster.protocol().maxStateBytes));
            ReplicaStorage.NodeIdentity ni = storage.open(new ReplicaStorage.NodeIdentity(id, fingerprint(cluster), 0));
            stored = storage.load();
            LOG.info("replica {}: data directory {} (start #{}, {} durable records, fsync {})", id, options.dataDir(),
                    ni.starts(), stored.size(), cluster.transport().fsyncWrites() ? "on" : "off");
        } else {
            storage = null;
        }

        StateMachine app = options.application() != null ? options.application() : new KvStore(cluster.kv());
        Signer coreSigner = scheme.signer(privateKey);
        Hasher coreHasher = new Hasher();
        FrameCodec codec = new FrameCodec(PrimeMessages.registry(), cluster.wireLimits());
        ReplicaBehaviour behaviour = Behaviours.byName(options.behaviour() == null ? Behaviours.NONE : options.behaviour());
        this.behaviourName = behaviour.name();
        // The view change's VC-PROOF (§5.3): the group's public material from cluster.yaml, our share from its key file.
        ClusterConfig.ThresholdPublicKeys tk = cluster.threshold();
        if (tk == null) {
            throw new IllegalStateException("cluster.yaml has no threshold keys (the view change needs them): run ./prime keygen");
        }
        BlsThresholdScheme threshold = BlsThresholdScheme.fromBytes(cluster.replicas().size(), tk.threshold(),
                tk.groupPublicKey(), tk.publicShares());
        byte[] share = KeyFiles.readPrivate(cluster.thresholdShareFile(id));
        PrimeReplica honest = new PrimeReplica(cluster.protocol(), id, coreSigner, coreHasher, app, threshold,
                threshold.signer(id, share));
        java.util.Arrays.fill(share, (byte) 0);
        if (!stored.isEmpty()) {
            PrimeReplica.Recovery recovery = honest.restore(stored, 0);
            LOG.info("replica {}: restored from its data directory: executed up to sequence number {} ({} updates, "
                    + "snapshot at {}), view {}", id, recovery.executedSeq(), recovery.executedUpdates(),
                    recovery.snapshotSeq(), recovery.view());
        }
        ReplicaCore wrapped = behaviour.wrap(honest, new BehaviourContext(cluster.protocol(), id, coreSigner, coreHasher,
                keys, codec, options.coalition()));
        if (options.dormant() && wrapped != honest) {
            this.dormant = new DormantBehaviour(honest, wrapped);
            this.core = dormant;
        } else {
            this.dormant = null;
            this.core = wrapped;
        }

        this.inbox = new CoreInbox(t.coreInboxMaxInputs());
        this.cache = new ConcurrentVerificationCache(t.verificationCacheEntries());
        this.edge = new EdgePool(t.effectiveVerifierThreads(), () -> new InboundVerifier(codec, keys, new Hasher(), cache, threshold),
                inbox, edgeCounters, t.inboundQueueMaxFramesPerSource(), "prime-" + id);
        this.transport = new ReplicaTransport(id, cluster, keys, scheme.signer(privateKey), edge, transportCounters,
                t.tlsEnabled() ? TlsSupport.server(cluster, id) : null,
                t.tlsEnabled() ? TlsSupport.client(cluster) : null);
        java.util.Arrays.fill(privateKey, (byte) 0);
        this.loop = new CoreLoop(core, inbox, this::publish, t.coreMaxBatchInputs(), t.coreMinStepIntervalMicros() * 1_000L);
        this.coreThread = new Thread(() -> {
            try {
                loop.run();
            } finally {
                stopped.countDown();
            }
        }, "prime-core-" + id);
        inbox.consumer(coreThread);
        int metricsPort = options.metricsPort() >= 0 ? options.metricsPort() : cluster.replica(id).metricsPort();
        this.metrics = new ReplicaMetrics(this, metricsPort);
    }

    /** Starts a replica: binds its port, dials its peers, starts the core, the edge and the metrics server. */
    public static ReplicaNode start(ClusterConfig cluster, Options options) throws IOException, InterruptedException {
        ReplicaNode node = new ReplicaNode(cluster, options);
        try {
            node.edge.start();
            node.coreThread.start();
            node.transport.start();
            node.metrics.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.close();
            throw e;
        }
        LOG.info("replica {} of {} started (f = {}, behaviour {}{}, {} verifier threads, {})", node.id,
                cluster.replicaCount(), cluster.faults(), node.behaviourName, node.dormant != null ? " (dormant)" : "",
                node.cluster.transport().effectiveVerifierThreads(), SignatureSchemes.describeSelection());
        return node;
    }

    // ------------------------------------------------------------------ the publisher (core thread)

    private void publish(Outputs out, List<Input> inputs, long stepNanos) {
        long now = System.nanoTime();
        for (Input in : inputs) {
            if (in instanceof Input.FromClient c && arrivals.size() < MAX_TRACKED_ARRIVALS) {
                arrivals.putIfAbsent(c.update().id(), now - stepNanos);
            }
        }
        if (storage != null) {
            // The ordering rule for durable state: a step's records are stored before its messages leave.
            try {
                storage.persist(out.records(), cluster.transport().fsyncWrites());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("replica " + id + ": cannot persist", e);
            }
        }
        int n = cluster.replicaCount();
        @SuppressWarnings("unchecked")
        List<Frame>[] perPeer = new List[n];
        List<Outbound> replies = new ArrayList<>();
        for (Outbound o : out.messages()) {
            if (o.toClient()) {
                replies.add(o);
                continue;
            }
            long mask = o.replicaMask() & ~(1L << id);
            while (mask != 0) {
                int to = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                if (to < n) {
                    if (perPeer[to] == null) {
                        perPeer[to] = new ArrayList<>();
                    }
                    perPeer[to].add(o.frame());
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (perPeer[j] != null) {
                transport.sendToPeer(j, perPeer[j]);
            }
        }
        transport.sendToClients(replies);
        for (Executed e : out.executed()) {
            Long arrived = arrivals.remove(e.updateId());
            if (arrived != null) {
                metrics.updateLatency(now - arrived);
            }
        }
        metrics.executed(out.executed().size());
        for (ProtocolEvent e : out.events()) {
            EVENTS.info("{}", e);
            metrics.event(e);
        }
        metrics.step(stepNanos, inputs.size());
    }

    // ------------------------------------------------------------------ views for metrics and tests

    public int id() {
        return id;
    }

    public ClusterConfig cluster() {
        return cluster;
    }

    /** The core's status as of the last refresh (at most ~50 ms old). */
    public ReplicaStatus status() {
        return loop.status();
    }

    public Map<RejectReason, Long> coreRejections() {
        return loop.coreRejections();
    }

    public EdgeCounters edgeCounters() {
        return edgeCounters;
    }

    public TransportCounters transportCounters() {
        return transportCounters;
    }

    public ReplicaTransport transport() {
        return transport;
    }

    public int coreInboxSize() {
        return inbox.size();
    }

    public int edgeReadySources() {
        return edge.readySources();
    }

    public int verificationCacheSize() {
        return cache.size();
    }

    public long steps() {
        return loop.steps();
    }

    public String behaviour() {
        return behaviourName;
    }

    /** Whether the behaviour is in force: false while a dormant behaviour waits for {@link #activateBehaviour()}. */
    public boolean behaviourActive() {
        return dormant == null ? !behaviourName.equals(Behaviours.NONE) : dormant.active();
    }

    /**
     * Switches a dormant behaviour on: from the next protocol step on, the core runs wrapped in it. Does nothing if the
     * behaviour was not started dormant or is already on. Any thread.
     */
    public void activateBehaviour() {
        if (dormant != null && dormant.activate()) {
            LOG.info("replica {}: behaviour {} switched on", id, behaviourName);
        }
    }

    public ReplicaMetrics metrics() {
        return metrics;
    }

    /** Blocks until the node stops (closed, or its core failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean failed() {
        return loop.failure() != null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.stop();
        LockSupportHolder.unpark(coreThread);
        transport.close();
        edge.close();
        try {
            coreThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
        if (storage != null) {
            try {
                storage.close();
            } catch (IOException e) {
                LOG.warn("replica {}: closing storage: {}", id, e.toString());
            }
        }
        stopped.countDown();
        LOG.info("replica {} stopped", id);
    }

    private static final class LockSupportHolder {
        static void unpark(Thread t) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    /** Hex SHA-256 over every replica's public key: identifies the cluster a data directory belongs to. */
    static String fingerprint(ClusterConfig cluster) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            cluster.replicas().forEach(r -> md.update(r.publicKey()));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
