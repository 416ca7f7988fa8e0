package io.prime.sim;

import io.prime.core.config.PrimeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything that determines a simulated run. Same configuration and seed: same run, event for event.
 */
public final class SimConfig {
    /** Which replicas' replies a client waits for. */
    public enum ReplyPolicy {
        /** f+1 matching replies from any replicas (the default: one of them is from a correct replica). */
        QUORUM,
        /** Only its own server's reply, as the clients of the paper's testbed (§7); other servers send none. */
        HOME
    }

    public final String protocol;
    public final int replicas;
    public final int faults;
    public final int clients;
    public final int updateBytes;
    public final double durationSeconds;
    public final double warmupSeconds;
    public final long seed;
    public final SimProfile profile;
    public final FaultPlan faultPlan;
    public final ReplyPolicy replyPolicy;
    public final double reconciliationShare;
    public final PrimeConfig protocolConfig;
    public final ReplicaFactory replicaFactory;
    /** The protocol's message kinds and edge checks (Prime's unless another protocol is plugged in). */
    public final SimWire wire;
    /** Replicas the invariant checkers do not hold to SAFETY (set by attack behaviours). */
    public final long faultyMask;
    /** Extra command-line arguments that reproduce settings not covered by the fields above. */
    public final List<String> extraArguments;
    /** Scheduled crash-and-restart of correct replicas; each restarts from the durable records it stored. */
    public final List<Restart> restarts;

    /**
     * Replica {@code replica} crashes at {@code crashMicros} (simulated time: it loses everything but its durable
     * records, and whatever it was computing) and starts again at {@code recoverMicros} from those records.
     */
    public record Restart(int replica, long crashMicros, long recoverMicros) {
        public Restart {
            if (replica < 0 || crashMicros < 0 || recoverMicros < crashMicros) {
                throw new IllegalArgumentException("restart needs a replica id and crash <= recover times");
            }
        }
    }

    private SimConfig(Builder b) {
        this.protocol = b.protocol;
        this.replicas = b.replicas;
        this.faults = (b.replicas - 1) / 3;
        this.clients = b.clients;
        this.updateBytes = b.updateBytes;
        this.durationSeconds = b.durationSeconds;
        this.warmupSeconds = b.warmupSeconds;
        this.seed = b.seed;
        this.profile = b.profile;
        this.faultPlan = b.faultPlan;
        this.replyPolicy = b.replyPolicy;
        this.reconciliationShare = b.reconciliationShare;
        this.faultyMask = b.faultyMask;
        this.extraArguments = List.copyOf(b.extraArguments);
        this.restarts = List.copyOf(b.restarts);
        for (Restart r : restarts) {
            if (r.replica() >= b.replicas) {
                throw new IllegalArgumentException("restart of replica " + r.replica() + " of " + b.replicas);
            }
        }
        if (replicas < 4 || (replicas - 1) % 3 != 0) {
            throw new IllegalArgumentException("replicas must be 3f+1 with f >= 1 (4, 7, 10, ...), got " + replicas);
        }
        if (clients < 0 || updateBytes < 0 || durationSeconds <= 0 || warmupSeconds < 0) {
            throw new IllegalArgumentException("clients, update bytes and warmup must be >= 0, duration > 0");
        }
        this.protocolConfig = b.protocolConfig != null ? b.protocolConfig : PrimeConfig.builder(faults)
                .poAckPeriodMicros(profile.poAckPeriodMicros())
                .poAruPeriodMicros(profile.poAruPeriodMicros())
                .proofMatrixPeriodMicros(profile.proofMatrixPeriodMicros())
                .prePreparePeriodMicros(profile.prePreparePeriodMicros())
                .retransmitPeriodMicros(profile.retransmitMicros())
                .apply(b.protocolTuning)
                .build();
        if (protocolConfig.replicas != replicas) {
            throw new IllegalArgumentException("protocol configuration is for " + protocolConfig.replicas + " replicas");
        }
        long dealSeed = seed;
        ReplicaFactory base = b.replicaFactory != null ? b.replicaFactory
                : (config, id, signer, hasher) -> HonestReplicas.prime(config, id, signer, hasher, dealSeed);
        io.prime.attacks.AttackPlan plan = b.attackPlan;
        // Faulty replicas run the same honest core, wrapped in their behaviour (attacks live outside the core).
        this.replicaFactory = plan == null || plan.isEmpty() ? base
                : (config, id, signer, hasher) -> plan.wrap(base.create(config, id, signer, hasher), config, id, signer, hasher);
        this.wire = b.wire != null ? b.wire : SimWire.prime();
    }

    public long endNanos() {
        return (long) ((warmupSeconds + durationSeconds) * 1e9);
    }

    public long warmupNanos() {
        return (long) (warmupSeconds * 1e9);
    }

    /** The command that replays this run. */
    public String commandLine() {
        List<String> args = new ArrayList<>(List.of("./prime", "sim",
                "--protocol", protocol,
                "--replicas", Integer.toString(replicas),
                "--clients", Integer.toString(clients),
                "--update-bytes", Integer.toString(updateBytes),
                "--duration", fmt(durationSeconds),
                "--warmup", fmt(warmupSeconds),
                "--seed", Long.toString(seed),
                "--profile", profile.name()));
        if (replyPolicy != ReplyPolicy.QUORUM) {
            args.add("--reply-policy");
            args.add(replyPolicy.name().toLowerCase(Locale.ROOT));
        }
        args.addAll(extraArguments);
        return String.join(" ", args);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.protocol = protocol;
        b.replicas = replicas;
        b.clients = clients;
        b.updateBytes = updateBytes;
        b.durationSeconds = durationSeconds;
        b.warmupSeconds = warmupSeconds;
        b.seed = seed;
        b.profile = profile;
        b.faultPlan = faultPlan;
        b.replyPolicy = replyPolicy;
        b.reconciliationShare = reconciliationShare;
        b.protocolConfig = protocolConfig;
        b.replicaFactory = replicaFactory;
        b.attackPlan = null; // already applied in replicaFactory
        b.wire = wire;
        b.faultyMask = faultyMask;
        b.extraArguments = new ArrayList<>(extraArguments);
        b.restarts = new ArrayList<>(restarts);
        return b;
    }

    public static final class Builder {
        private String protocol = "prime";
        private int replicas = 4;
        private int clients = 10;
        private int updateBytes = 512;
        private double durationSeconds = 10;
        private double warmupSeconds = 5;
        private long seed = 1;
        private SimProfile profile = SimProfile.paper();
        private FaultPlan faultPlan = FaultPlan.none();
        private ReplyPolicy replyPolicy = ReplyPolicy.QUORUM;
        private double reconciliationShare = 0.5;
        private PrimeConfig protocolConfig;
        private java.util.function.UnaryOperator<PrimeConfig.Builder> protocolTuning = x -> x;
        private ReplicaFactory replicaFactory;
        private io.prime.attacks.AttackPlan attackPlan;
        private SimWire wire;
        private long faultyMask;
        private List<String> extraArguments = new ArrayList<>();
        private List<Restart> restarts = new ArrayList<>();

        public Builder protocol(String v) { this.protocol = v; return this; }
        public Builder replicas(int v) { this.replicas = v; return this; }
        public Builder clients(int v) { this.clients = v; return this; }
        public Builder updateBytes(int v) { this.updateBytes = v; return this; }
        public Builder durationSeconds(double v) { this.durationSeconds = v; return this; }
        public Builder warmupSeconds(double v) { this.warmupSeconds = v; return this; }
        public Builder seed(long v) { this.seed = v; return this; }
        public Builder profile(SimProfile v) { this.profile = v; return this; }
        public Builder faultPlan(FaultPlan v) { this.faultPlan = v; return this; }
        public Builder replyPolicy(ReplyPolicy v) { this.replyPolicy = v; return this; }
        public Builder reconciliationShare(double v) { this.reconciliationShare = v; return this; }
        public Builder protocolConfig(PrimeConfig v) { this.protocolConfig = v; return this; }
        /** Changes protocol settings on top of the profile's (ignored if {@link #protocolConfig} is set). */
        public Builder tune(java.util.function.UnaryOperator<PrimeConfig.Builder> v) { this.protocolTuning = v; return this; }
        public Builder replicaFactory(ReplicaFactory v) { this.replicaFactory = v; return this; }
        public Builder attackPlan(io.prime.attacks.AttackPlan v) { this.attackPlan = v; return this; }
        public Builder wire(SimWire v) { this.wire = v; return this; }
        public Builder faultyMask(long v) { this.faultyMask = v; return this; }
        public Builder extraArguments(List<String> v) { this.extraArguments = new ArrayList<>(v); return this; }
        public Builder restarts(List<Restart> v) { this.restarts = new ArrayList<>(v); return this; }

        public SimConfig build() {
            return new SimConfig(this);
        }
    }
}
