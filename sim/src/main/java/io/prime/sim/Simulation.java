package io.prime.sim;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.edge.LruVerificationCache;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Reply;
import io.prime.core.replica.Executed;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.traffic.TrafficClass;
import io.prime.sim.check.ExactlyOnceChecker;
import io.prime.sim.check.InvariantViolation;
import io.prime.sim.check.SafetyChecker;
import io.prime.sim.check.ValidityChecker;
import io.prime.sim.net.Network;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The deterministic discrete-event simulator: N replica cores on modelled CPUs, a modelled network, closed-loop
 * clients, and the SAFETY, VALIDITY and exactly-once checkers after every event. Everything random comes from the
 * seed; a run is fully determined by its {@link SimConfig}.
 */
public final class Simulation {
    private static final long DEBUG_SAMPLE = Long.getLong("prime.sim.debugSample", 0);
    private final SimConfig config;
    private final SimProfile profile;
    private final EventQueue queue = new EventQueue();
    private final TraceBuffer trace = new TraceBuffer(60);
    private final SimReplica[] replicas;
    private final SimClient[] clients;
    private final Network network;
    private final SafetyChecker safety;
    private final ValidityChecker validity;
    private final ExactlyOnceChecker exactlyOnce;
    private final FrameCodec clientCodec;
    private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
    private final List<ProtocolEvent> protocolEvents = new ArrayList<>();
    private final long[] executedInWindow;
    private final java.util.Map<io.prime.core.message.UpdateId, Long> submittedAt = new java.util.HashMap<>();
    /** (submission time, latency) pairs, flat: one small array per update was most of what the run promoted. */
    private long[] executionLatencies = new long[1 << 12];
    private int executionLatencyCount;
    private Consumer<String> progress = s -> { };
    private long now;
    private long eventCount;
    private long completedInWindow;
    private InvariantViolation violation;
    private List<String> violationTrace = List.of();
    private long violationEvent;
    /** Uplink bytes sent by each replica per traffic class when the measured window began; null before. */
    private long[][] uplinkBytesAtWindowStart;

    public Simulation(SimConfig config) {
        this.config = config;
        this.profile = config.profile;
        int n = config.replicas;
        SplittableRandom root = new SplittableRandom(config.seed);
        TestKeys keys = new TestKeys(new SimulatedSignatureScheme(profile.signatureBytes()), n, config.clients, config.seed);
        WireLimits limits = WireLimits.defaults(n, config.clients);
        FrameCodec codec = new FrameCodec(config.wire.registry(), limits);
        boolean[] correct = new boolean[n];
        this.replicas = new SimReplica[n];
        // The public side of the run's threshold dealing (HonestReplicas deals the shares from the same seed).
        io.prime.core.crypto.ThresholdScheme threshold =
                new io.prime.core.crypto.SimulatedThresholdScheme(n, config.protocolConfig.quorum(), config.seed);
        for (int i = 0; i < n; i++) {
            boolean faulty = (config.faultyMask & (1L << i)) != 0;
            correct[i] = !faulty;
            Hasher edgeHasher = new Hasher();
            Hasher coreHasher = new Hasher();
            MeteredSigner signer = new MeteredSigner(keys.replicaSigner(i));
            ReplicaCore core = config.replicaFactory.create(config.protocolConfig, i, signer, coreHasher);
            InboundVerifier verifier = config.wire.configure(
                    new InboundVerifier(codec, keys.directory(), edgeHasher, new LruVerificationCache(1 << 16), threshold));
            replicas[i] = new SimReplica(i, faulty, core, verifier, edgeHasher, coreHasher, signer);
        }
        this.executedInWindow = new long[n];
        this.safety = new SafetyChecker(correct, config.restarts.isEmpty() ? 4_096 : 1_000_000);
        this.validity = new ValidityChecker(correct);
        this.exactlyOnce = new ExactlyOnceChecker(correct);
        this.network = new Network(queue, profile, config.faultPlan, n, config.reconciliationShare, root.split(),
                new Network.Delivery() {
                    @Override
                    public void toReplica(int to, int fromReplica, long fromClient, Frame frame) {
                        deliverToReplica(to, fromReplica, fromClient, frame);
                    }

                    @Override
                    public void toClient(long client, int fromReplica, Frame frame) {
                        deliverToClient((int) client, fromReplica, frame);
                    }
                });
        this.clientCodec = codec;
        long correctMask = 0;
        for (int i = 0; i < n; i++) {
            if (!replicas[i].faulty) {
                correctMask |= 1L << i;
            }
        }
        network.measureStableLatency(config.faultPlan.stableFromMicros() * 1_000, correctMask);
        this.clients = new SimClient[config.clients];
        SplittableRandom clientRandom = root.split();
        for (int c = 0; c < config.clients; c++) {
            clients[c] = new SimClient(c, c % n, keys.clientSigner(c), clientRandom.split(), n);
        }
    }

    /** Receives a line on long runs (the CLI prints it to stderr). */
    public Simulation onProgress(Consumer<String> progress) {
        this.progress = progress;
        return this;
    }

    public SimConfig config() {
        return config;
    }

    /** Runs to the configured end (or the first invariant violation) and reports. */
    public SimResult run() {
        long wallStart = System.nanoTime();
        for (SimReplica r : replicas) {
            schedule(0, new Wake(r, 0));
            r.scheduledWakeNanos = 0;
        }
        // Clients start spread over half the warm-up (at most 1 s), as load ramps up in a real deployment: hundreds of
        // clients starting in the same instant overload every uplink for a moment, a transient outside the stability
        // conditions of §2 (at the paper profile it made 4 servers suspect a correct leader at start-up).
        SplittableRandom startRandom = new SplittableRandom(config.seed ^ 0x5DEECE66DL);
        long spread = Math.max(profile.prePreparePeriodMicros() * 1_000, Math.min(1_000_000_000L, config.warmupNanos() / 2));
        for (SimClient c : clients) {
            schedule(startRandom.nextLong(spread), new ClientStart(c));
        }
        for (SimConfig.Restart restart : config.restarts) {
            SimReplica r = replicas[restart.replica()];
            schedule(restart.crashMicros() * 1_000, new Crash(r));
            schedule(restart.recoverMicros() * 1_000, new Recover(r));
        }
        long end = config.endNanos();
        long nextProgress = wallStart + 10_000_000_000L;
        while (true) {
            EventQueue.Event e = queue.poll();
            if (e == null || e.timeNanos() >= end) {
                if (e != null) {
                    now = end;
                }
                break;
            }
            now = e.timeNanos();
            eventCount++;
            if (uplinkBytesAtWindowStart == null && now >= config.warmupNanos()) {
                uplinkBytesAtWindowStart = uplinkBytesByClass();
            }
            if (DEBUG_SAMPLE > 0 && eventCount % DEBUG_SAMPLE == 0) {
                System.err.println("#" + eventCount + " t=" + now + " " + e.describe());
            }
            trace.record(eventCount, e);
            try {
                e.fire();
            } catch (InvariantViolation v) {
                violation = v;
                violationEvent = eventCount;
                violationTrace = trace.lines();
                break;
            }
            if ((eventCount & 0xFFFF) == 0 && System.nanoTime() > nextProgress) {
                nextProgress = System.nanoTime() + 10_000_000_000L;
                progress.accept(String.format("simulated %.1f s of %.1f s (%d events)", now / 1e9, end / 1e9, eventCount));
            }
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        return SimResult.build(this, wallSeconds);
    }

    // ------------------------------------------------------------------ replicas

    private void deliverToReplica(int to, int fromReplica, long fromClient, Frame frame) {
        SimReplica r = replicas[to];
        if (r.down) {
            return;
        }
        boolean fromCorrect = fromReplica >= 0 ? !replicas[fromReplica].faulty : true;
        r.inbox.add(new SimReplica.Arrival(fromReplica, fromClient, frame, fromCorrect));
        if (!r.busy) {
            startBatch(r);
        }
    }

    private void startBatch(SimReplica r) {
        SimReplica.Batch batch = r.process(now, profile);
        r.busy = true;
        schedule(now + batch.costNanos(), new CpuDone(r, batch.outputs(), r.epoch));
    }

    private void emit(SimReplica r, Outputs out) {
        for (Outbound o : out.messages()) {
            Frame frame = o.frame();
            if (o.toClient()) {
                int client = (int) o.clientId();
                if (client < 0 || client >= clients.length) {
                    continue;
                }
                int home = clients[client].home;
                if (config.replyPolicy == SimConfig.ReplyPolicy.HOME && r.id != home) {
                    continue;
                }
                network.sendToClient(r.id, client, home, frame, now);
            } else {
                long mask = o.replicaMask();
                while (mask != 0) {
                    int to = Long.numberOfTrailingZeros(mask);
                    mask &= mask - 1;
                    if (to < replicas.length) {
                        network.send(r.id, to, frame, o.trafficClass(), now);
                    }
                }
            }
        }
        long installedIndex = -1;
        if (!r.faulty) {
            if (!config.restarts.isEmpty()) {
                r.store(out.records());
            }
            for (io.prime.core.durable.DurableRecord d : out.records()) {
                if (d instanceof io.prime.core.durable.DurableRecord.Snapshot snap && snap.installed()) {
                    installedIndex = snap.state().executionIndex();
                }
            }
        }
        for (Executed e : out.executed()) {
            if (installedIndex >= 0 && e.executionIndex() > installedIndex) {
                safety.installed(r.id, installedIndex); // a state transfer: execution continues from its index
                installedIndex = -1;
            }
            if (!r.faulty && e.updateId().clientId() < clients.length) {
                SimClient c = clients[(int) e.updateId().clientId()];
                if (c.home == r.id) {
                    Long submitted = submittedAt.remove(e.updateId());
                    if (submitted != null) {
                        // §6: update latency from its initiation at a server to its execution there.
                        if (2 * executionLatencyCount + 2 > executionLatencies.length) {
                            executionLatencies = java.util.Arrays.copyOf(executionLatencies, 2 * executionLatencies.length);
                        }
                        executionLatencies[2 * executionLatencyCount] = submitted;
                        executionLatencies[2 * executionLatencyCount + 1] = now - submitted;
                        executionLatencyCount++;
                    }
                }
            }
            boolean first = safety.onExecuted(r.id, e);
            exactlyOnce.onExecuted(r.id, e); // before VALIDITY: an update executed again is reported as such
            if (first) {
                validity.onFirstExecuted(r.id, e);
            }
            if (now >= config.warmupNanos()) {
                executedInWindow[r.id]++;
            }
        }
        if (installedIndex >= 0) {
            safety.installed(r.id, installedIndex);
        }
        protocolEvents.addAll(out.events());
        long wake = out.nextWakeupNanos();
        if (wake != Long.MAX_VALUE && wake != r.scheduledWakeNanos) {
            r.scheduledWakeNanos = wake;
            schedule(Math.max(wake, now), new Wake(r, wake));
        }
    }

    // ------------------------------------------------------------------ clients

    private void submit(SimClient c) {
        ClientUpdate u = c.newUpdate(config.updateBytes);
        validity.onSubmitted(u);
        c.submittedNanos = now;
        if (!replicas[c.home].faulty) {
            submittedAt.put(u.id(), now);
        }
        network.clientSend(c.id, c.home, c.home, FrameCodec.selfSigned(u), now);
        armClientTimer(c);
    }

    /**
     * Sets the client's retransmission deadline. At most one timer event per client is in the queue: a completed
     * update leaves it in place, and when it fires early it moves itself to the current deadline (one event per
     * timeout period instead of one per update).
     */
    private void armClientTimer(SimClient c) {
        c.timeoutAtNanos = now + profile.clientTimeoutMicros() * 1_000;
        if (!c.timerQueued) {
            c.timerQueued = true;
            schedule(c.timeoutAtNanos, new ClientTimeout(c));
        }
    }

    private void deliverToClient(int client, int fromReplica, Frame frame) {
        SimClient c = clients[client];
        // The simulated client link identifies the replica, so the client does not re-check signatures (the runtime's
        // client library does); a correct replica's frame object is used as is, a faulty one's bytes are decoded.
        Reply reply;
        try {
            Frame f = !replicas[fromReplica].faulty && frame.bytesMatchMessage() ? frame : clientCodec.decode(frame.bytes());
            if (!(f.message() instanceof Reply r) || r.replica() != fromReplica) {
                return;
            }
            reply = r;
        } catch (MalformedFrameException e) {
            return;
        }
        if (c.onReply(fromReplica, reply, config.faults + 1, config.replyPolicy == SimConfig.ReplyPolicy.HOME)) {
            c.outstanding = null;
            if (now >= config.warmupNanos()) {
                completedInWindow++;
                latencyMicros.recordValue(Math.max(1, (now - c.submittedNanos) / 1_000));
            }
            c.completed++;
            submit(c);
        }
    }

    private void schedule(long time, EventQueue.Event e) {
        queue.schedule(time, e);
    }

    // ------------------------------------------------------------------ results access (package)

    SimReplica[] replicas() {
        return replicas;
    }

    SimClient[] clients() {
        return clients;
    }

    Network network() {
        return network;
    }

    Histogram latency() {
        return latencyMicros;
    }

    long completedInWindow() {
        return completedInWindow;
    }

    long executedInWindow(int replica) {
        return executedInWindow[replica];
    }

    /** Bytes each replica's uplink sent so far, per traffic class (in {@link TrafficClass} order). */
    private long[][] uplinkBytesByClass() {
        TrafficClass[] classes = TrafficClass.values();
        long[][] bytes = new long[replicas.length][classes.length];
        for (int r = 0; r < replicas.length; r++) {
            for (int c = 0; c < classes.length; c++) {
                bytes[r][c] = network.sentBytes(r, classes[c]);
            }
        }
        return bytes;
    }

    /** Bytes replica {@code replica}'s uplink sent in class {@code c} during the measured window (after the warm-up). */
    long uplinkBytesInWindow(int replica, TrafficClass c) {
        long total = network.sentBytes(replica, c);
        return uplinkBytesAtWindowStart == null ? 0 : total - uplinkBytesAtWindowStart[replica][c.ordinal()];
    }

    long executedTotal(int replica) {
        return safety.executedBy(replica);
    }

    InvariantViolation violation() {
        return violation;
    }

    List<String> violationTrace() {
        return violationTrace;
    }

    long violationEvent() {
        return violationEvent;
    }

    long eventCount() {
        return eventCount;
    }

    long nowNanos() {
        return now;
    }

    /**
     * Over the updates executed by their correct home server and submitted at or after {@code fromNanos}: how many,
     * and the largest latency from submission to execution there.
     */
    long[] executionLatencyCountAndMax(long fromNanos) {
        long count = 0;
        long max = 0;
        for (int i = 0; i < executionLatencyCount; i++) {
            if (executionLatencies[2 * i] >= fromNanos) {
                count++;
                max = Math.max(max, executionLatencies[2 * i + 1]);
            }
        }
        return new long[]{count, max};
    }

    List<ProtocolEvent> protocolEvents() {
        return protocolEvents;
    }

    // ------------------------------------------------------------------ events

    /**
     * One restart: how many updates the replica had executed when it went down, and what it recovered from its
     * durable records.
     */
    public record RestartOutcome(int replica, long atNanos, long executedBeforeCrash,
                                 io.prime.core.replica.PrimeReplica.Recovery recovery) {
    }

    private final List<RestartOutcome> restartLog = new java.util.ArrayList<>();

    /** What replica {@code id} has stored durably (kept only in runs with restarts). */
    List<io.prime.core.durable.DurableRecord> storedRecords(int id) {
        return List.copyOf(replicas[id].storage);
    }

    /** The restarts done so far, in order. */
    public List<RestartOutcome> restarts() {
        return List.copyOf(restartLog);
    }

    /** A correct replica crashes: it keeps only its durable records. */
    private final class Crash extends EventQueue.Event {
        private final SimReplica r;

        Crash(SimReplica r) {
            this.r = r;
        }

        @Override
        public void fire() {
            r.down = true;
            r.epoch++;
            r.busy = false;
            r.tickDue = false;
            r.inbox.clear();
            r.scheduledWakeNanos = Long.MAX_VALUE;
        }

        @Override
        public String describe() {
            return "replica " + r.id + " crashes";
        }
    }

    /** The replica starts again: a new core (and application) rebuilt from its durable records. */
    private final class Recover extends EventQueue.Event {
        private final SimReplica r;

        Recover(SimReplica r) {
            this.r = r;
        }

        @Override
        public void fire() {
            ReplicaCore core = config.replicaFactory.create(config.protocolConfig, r.id, r.signer, r.coreHasher);
            if (!(core instanceof io.prime.core.replica.PrimeReplica prime)) {
                throw new IllegalStateException("replica " + r.id + " cannot restart: " + core.getClass().getSimpleName()
                        + " has no durable state");
            }
            io.prime.core.replica.PrimeReplica.Recovery recovery = prime.restore(List.copyOf(r.storage), now);
            restartLog.add(new RestartOutcome(r.id, now, safety.executedBy(r.id), recovery));
            safety.restarted(r.id, recovery.executedUpdates());
            r.core = core;
            r.down = false;
            r.scheduledWakeNanos = now;
            schedule(now, new Wake(r, now));
        }

        @Override
        public String describe() {
            return "replica " + r.id + " restarts from " + r.storage.size() + " durable records";
        }
    }

    private final class Wake extends EventQueue.Event {
        private final SimReplica r;
        private final long at;

        Wake(SimReplica r, long at) {
            this.r = r;
            this.at = at;
        }

        @Override
        public void fire() {
            if (r.scheduledWakeNanos != at || r.down) {
                return; // superseded by a later schedule, or the replica is down
            }
            r.scheduledWakeNanos = Long.MAX_VALUE;
            r.tickDue = true;
            if (!r.busy) {
                startBatch(r);
            }
        }

        @Override
        public String describe() {
            return "replica " + r.id + " timer";
        }
    }

    private final class CpuDone extends EventQueue.Event {
        private final SimReplica r;
        private final Outputs outputs;
        private final int epoch;

        CpuDone(SimReplica r, Outputs outputs, int epoch) {
            this.r = r;
            this.outputs = outputs;
            this.epoch = epoch;
        }

        @Override
        public void fire() {
            if (epoch != r.epoch) {
                return; // the replica crashed while computing this step: its outputs and records never left
            }
            r.busy = false;
            emit(r, outputs);
            if (!r.inbox.isEmpty() || r.tickDue) {
                startBatch(r);
            }
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("replica " + r.id + " done: sends " + outputs.messages().size()
                    + " frames, executes " + outputs.executed().size());
            if (!outputs.executed().isEmpty()) {
                Executed first = outputs.executed().get(0);
                sb.append(" from #").append(first.executionIndex()).append(" (").append(first.updateId()).append(')');
            }
            return sb.toString();
        }
    }

    private final class ClientStart extends EventQueue.Event {
        private final SimClient c;

        ClientStart(SimClient c) {
            this.c = c;
        }

        @Override
        public void fire() {
            submit(c);
        }

        @Override
        public String describe() {
            return "client " + c.id + " starts";
        }
    }

    private final class ClientTimeout extends EventQueue.Event {
        private final SimClient c;

        ClientTimeout(SimClient c) {
            this.c = c;
        }

        @Override
        public void fire() {
            c.timerQueued = false;
            if (c.outstanding == null) {
                return; // idle: the next submission arms the timer again
            }
            if (now < c.timeoutAtNanos) {
                c.timerQueued = true; // the update this timer was set for completed; wait for the current one
                schedule(c.timeoutAtNanos, new ClientTimeout(c)); // a new event: the trace keeps this one as it fired
                return;
            }
            c.retries++;
            Frame frame = FrameCodec.selfSigned(c.outstanding);
            for (int to = 0; to < replicas.length; to++) {
                network.clientSend(c.id, c.home, to, frame, now);
            }
            armClientTimer(c);
        }

        @Override
        public String describe() {
            return "client " + c.id + " retransmission timer (resends to all once the outstanding update is overdue)";
        }
    }
}
