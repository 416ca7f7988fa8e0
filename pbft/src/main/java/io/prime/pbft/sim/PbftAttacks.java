package io.prime.pbft.sim;

import io.prime.core.replica.ReplicaCore;
import io.prime.pbft.PbftConfig;
import io.prime.pbft.PbftReplica;
import io.prime.pbft.attack.Accomplice;
import io.prime.pbft.attack.PrePrepareDelayAttack;
import io.prime.sim.FaultPlan;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The attacks on the PBFT baseline, by name, as simulator set-ups (paper §3):
 *
 * <ul>
 *   <li>{@value #PREPREPARE_DELAY}: replica 0, the leader of view 0, runs {@link PrePrepareDelayAttack} from the start
 *       with the initial timeout; for f >= 2 replicas 1..f−1 are its {@link Accomplice}s.</li>
 *   <li>{@value #TIMEOUT_INFLATION}: a period of network instability — partitions that cut off the leaders of views
 *       0, 1, ..., k−1 in turn, each long enough for the others to time out and change view — makes every correct
 *       server double its timeout k times; then replica k, the leader of view k, runs the delay attack with the
 *       inflated timeout T0·2^k (accomplices k+1..k+f−1). k defaults to {@value #DEFAULT_INFLATIONS}.</li>
 * </ul>
 */
public final class PbftAttacks {
    public static final String PREPREPARE_DELAY = "pbft-preprepare-delay";
    public static final String TIMEOUT_INFLATION = "pbft-timeout-inflation";
    public static final int DEFAULT_INFLATIONS = 3;
    /** When the unstable period of the inflation attack starts, unless the fault plan says otherwise. */
    public static final long DEFAULT_UNSTABLE_FROM_MICROS = 1_000_000;

    private PbftAttacks() {
    }

    public static List<String> names() {
        return List.of(PREPREPARE_DELAY, TIMEOUT_INFLATION);
    }

    /**
     * ε for a deployment: the ordering latency a PRE-PREPARE needs to be executed (PRE-PREPARE, PREPARE and COMMIT: three
     * link latencies and their jitter) and a margin for CPU and queueing (ten signatures and 30 ms). The leader already
     * dates a queue that it learns of from a forwarded update one link latency back.
     */
    public static long epsilonNanos(SimProfile profile) {
        return (3 * profile.linkLatencyMicros() + 3 * profile.jitterMicros()) * 1_000 + 10 * profile.signNanos() + 30_000_000;
    }

    /** What an attack set-up decided: the attacker, its accomplices and, for inflation, the unstable period. */
    public record Setup(String name, int attacker, long faultyMask, FaultPlan faultPlan, long stableFromMicros) {
    }

    /**
     * Configures {@code builder} (protocol, wire, replicas, fault plan, faulty mask) for {@code attack} on PBFT with
     * initial timeout {@code timeoutMicros}. {@code basePlan} is kept: the inflation attack adds its partitions to it,
     * starting at its unstable-period start if it has one.
     */
    public static Setup configure(String attack, SimConfig.Builder builder, int replicas, SimProfile profile,
                                  long timeoutMicros, FaultPlan basePlan) {
        int f = (replicas - 1) / 3;
        PbftConfig honest = PbftSim.config(f, profile, timeoutMicros);
        FaultPlan plan = basePlan;
        int attacker;
        long stableFrom = basePlan.stableFromMicros();
        switch (attack) {
            case PREPREPARE_DELAY -> attacker = 0;
            case TIMEOUT_INFLATION -> {
                int k = DEFAULT_INFLATIONS;
                if (k + f - 1 >= replicas) {
                    throw new IllegalArgumentException(attack + " needs more than " + (k + f - 1) + " replicas");
                }
                attacker = k;
                long from = basePlan.any() || !basePlan.partitions().isEmpty()
                        ? Math.max(basePlan.startMicros(), 0) : DEFAULT_UNSTABLE_FROM_MICROS;
                if (from == 0) {
                    from = DEFAULT_UNSTABLE_FROM_MICROS;
                }
                long settle = Math.max(1_000_000, 20 * profile.linkLatencyMicros());
                List<FaultPlan.Partition> partitions = new ArrayList<>(basePlan.partitions());
                long start = from;
                for (int leader = 0; leader < k; leader++) {
                    long end = start + (honest.timeoutNanos(leader) / 1_000) + settle;
                    partitions.add(new FaultPlan.Partition(start, end, 1L << leader));
                    start = end;
                }
                plan = new FaultPlan(basePlan.lossProbability(), basePlan.duplicateProbability(),
                        basePlan.reorderProbability(), basePlan.reorderMaxMicros(), partitions, basePlan.startMicros(),
                        basePlan.endMicros());
                stableFrom = Math.max(stableFrom, start);
            }
            default -> throw new IllegalArgumentException("unknown PBFT attack '" + attack + "' (known: "
                    + String.join(", ", names()) + ")");
        }
        long faulty = 1L << attacker;
        for (int i = 1; i < f; i++) {
            faulty |= 1L << ((attacker + i) % replicas);
        }
        long accomplices = faulty & ~(1L << attacker);
        long targets = PrePrepareDelayAttack.defaultTargets(attacker, replicas, f, faulty);
        long epsilon = epsilonNanos(profile);
        long latency = profile.linkLatencyMicros() * 1_000;
        PbftConfig accompliceConfig = Accomplice.config(honest);
        builder.protocol(PbftSim.PROTOCOL).wire(PbftSim.WIRE).faultPlan(plan).faultyMask(faulty)
                .replicaFactory((primeConfig, id, signer, hasher) -> {
                    boolean accomplice = (accomplices & (1L << id)) != 0;
                    PbftReplica core = new PbftReplica(accomplice ? accompliceConfig : honest, id, signer, hasher,
                            new io.prime.core.app.HashChainStateMachine());
                    ReplicaCore out = id == attacker ? new PrePrepareDelayAttack(core, targets, epsilon, latency) : core;
                    return out;
                });
        return new Setup(attack, attacker, faulty, plan, stableFrom);
    }
}
