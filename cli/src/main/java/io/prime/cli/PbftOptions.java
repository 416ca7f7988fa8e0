package io.prime.cli;

import io.prime.pbft.sim.PbftAttacks;
import io.prime.pbft.sim.PbftSim;
import io.prime.sim.FaultPlan;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;

import java.util.List;

/**
 * {@code prime sim --protocol pbft}: the PBFT baseline's options, kept apart from {@link SimCommand} so the command
 * stays protocol-neutral. Everything chosen here goes into the replay command.
 */
final class PbftOptions {
    static final String PROTOCOL = PbftSim.PROTOCOL;
    static final long DEFAULT_TIMEOUT_MICROS = 5_000_000;

    private PbftOptions() {
    }

    /**
     * Makes {@code builder} run PBFT with the given initial timeout (null: 5 s) and, if {@code attack} is set, that
     * attack (a PBFT attack name). The inflation attack's unstable period is added to {@code plan}; the warm-up is
     * raised to end a second after it, so the measurement is of the attack that follows.
     */
    static void apply(SimConfig.Builder builder, int replicas, SimProfile profile, Long timeoutMicros, String attack,
                      FaultPlan plan, double warmupSeconds, List<String> extra) {
        long timeout = timeoutMicros == null ? DEFAULT_TIMEOUT_MICROS : timeoutMicros;
        extra.add("--pbft-timeout-ms");
        extra.add(SimCommand.millis(timeout));
        if (attack == null) {
            PbftSim.configure(builder, replicas, profile, timeout);
            return;
        }
        if (!PbftAttacks.names().contains(attack)) {
            throw new IllegalArgumentException("unknown attack '" + attack + "' for --protocol pbft (known: "
                    + String.join(", ", PbftAttacks.names()) + ")");
        }
        PbftAttacks.Setup setup = PbftAttacks.configure(attack, builder, replicas, profile, timeout, plan);
        extra.add("--attack");
        extra.add(attack);
        double stable = setup.stableFromMicros() / 1e6;
        if (PbftAttacks.TIMEOUT_INFLATION.equals(attack) && warmupSeconds < stable + 1) {
            builder.warmupSeconds(Math.ceil(stable + 1));
        }
    }
}
