package io.prime.sim;

import io.prime.attacks.AttackPlan;
import io.prime.attacks.Behaviours;
import io.prime.attacks.LeaderDelay;
import io.prime.core.config.PrimeConfig;
import io.prime.core.replica.PrimeReplica;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts an {@link AttackPlan} into a simulation: its faulty replicas run an honest {@link PrimeReplica} wrapped in their
 * behaviour, and are marked in {@link SimConfig#faultyMask} so the checkers hold only the correct ones to SAFETY.
 * (The replay arguments, {@link AttackPlan#arguments()}, are the caller's to add to the extra arguments.)
 *
 * <p><b>Scenarios.</b> A behaviour that attacks as the leader of view v &gt; 0 (conflicting-replay and
 * slow-view-change: view 1; timeout-inflation: view 3) needs views 0..v-1 to end. The simulator then adds a period of
 * network instability: the leader of each of those views in turn is <em>muted</em> (what it sends is lost, a denial of
 * service on its uplink; it still hears everything, so it follows the view changes) long enough to be suspected, one
 * view change apart ({@link #scenario}). A leader that runs a leader behaviour itself is not muted: its behaviour is
 * what ends its view (e.g. {@code leader-delay-greedy,conflicting-replay} with N = 7). For timeout-inflation the
 * warm-up is raised to end a period after the network is stable again, so the figures are those of the attack that
 * follows (§3.2: "Prime must not be slower afterwards").
 */
public final class SimAttacks {
    private SimAttacks() {
    }

    /** The instability a plan's scenario adds: mutes of the leaders of the views before the attacked one. */
    public record Scenario(List<FaultPlan.Partition> mutes, long periodMicros, long stableFromMicros) {
    }

    public static SimConfig.Builder apply(SimConfig.Builder builder, AttackPlan plan) {
        if (plan.isEmpty()) {
            return builder;
        }
        builder.faultyMask(plan.faultyMask()).attackPlan(plan);
        SimConfig config = builder.build();
        Scenario s = scenario(config, plan);
        if (s.mutes().isEmpty()) {
            return builder;
        }
        FaultPlan base = config.faultPlan;
        // Without other faults the unstable window is empty: the network is stable once the last mute ends.
        builder.faultPlan(base.any() ? base.withPartitions(s.mutes())
                : new FaultPlan(0, 0, 0, base.reorderMaxMicros(), s.mutes(), 0, 0));
        if (plan.names().contains(LeaderDelay.TIMEOUT_INFLATION_NAME)) {
            double measureFrom = Math.ceil((s.stableFromMicros() + s.periodMicros()) / 100_000.0) / 10.0;
            if (config.warmupSeconds < measureFrom) {
                builder.warmupSeconds(measureFrom);
            }
        }
        return builder;
    }

    /**
     * The mutes that end views 0..v-1 for the highest view v a behaviour of {@code plan} must lead. Timing, from the
     * profile and protocol configuration (L the link latency plus jitter): a correct leader's turnaround bound is about
     * α = 2 K_Lat L + Δpp; a mute lasts D = 2α + 20 ms, so the turnarounds of the PROOF-MATRIX messages sent
     * meanwhile exceed TAT_acceptable (they are reported and acted on after the mute: the muted leader then hears and is
     * heard, and the view change runs on a stable network); one view change apart, every
     * P = D + two TAT report periods + one check period + 12 L + 200 ms, the first at P/2.
     */
    public static Scenario scenario(SimConfig config, AttackPlan plan) {
        long target = 0;
        long behaviourLeaders = 0;
        List<Behaviours.Entry> entries = plan.entries();
        List<Integer> ids = plan.faultyIds();
        for (int k = 0; k < entries.size(); k++) {
            if (entries.get(k).targetsLeader()) {
                target = Math.max(target, entries.get(k).leaderOfView());
                behaviourLeaders |= 1L << ids.get(k);
            }
        }
        return muteLeadersBefore(config, target, behaviourLeaders);
    }

    /**
     * Mutes the leaders of views 0..{@code view}-1 in turn, except the replicas in {@code spared}, so that (with correct
     * servers) view {@code view} is installed once the network is stable again. Also used to make a given server the
     * leader of a stable run (Property 4.2 tests).
     */
    public static Scenario muteLeadersBefore(SimConfig config, long view, long spared) {
        long target = view;
        long behaviourLeaders = spared;
        PrimeConfig pc = config.protocolConfig;
        SimProfile profile = config.profile;
        long latency = profile.linkLatencyMicros() + profile.jitterMicros();
        long alpha = (long) Math.ceil(2 * latency * pc.kLat) + pc.deltaPpMicros;
        long mute = 2 * alpha + 20_000;
        long period = mute + 2 * pc.tatReportPeriodMicros + pc.suspectCheckPeriodMicros + 12 * latency + 200_000;
        List<FaultPlan.Partition> mutes = new ArrayList<>();
        long stable = 0;
        for (long v = 0; v < target; v++) {
            int leader = pc.leaderOf(v);
            long start = period / 2 + v * period;
            if ((behaviourLeaders & (1L << leader)) == 0) {
                mutes.add(FaultPlan.Partition.mute(start, start + mute, 1L << leader));
                stable = start + mute;
            }
        }
        return new Scenario(mutes, period, stable);
    }
}
