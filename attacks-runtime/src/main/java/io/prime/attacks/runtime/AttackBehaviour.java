package io.prime.attacks.runtime;

import io.prime.attacks.AttackContext;
import io.prime.attacks.Behaviour;
import io.prime.attacks.Behaviours;
import io.prime.attacks.ByzantineReplica;
import io.prime.core.config.PrimeConfig;
import io.prime.core.replica.ReplicaCore;
import io.prime.runtime.behaviour.BehaviourContext;
import io.prime.runtime.behaviour.ReplicaBehaviour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One or more of the attacks module's behaviours ({@link Behaviours}) as a replica process's behaviour: the honest core
 * wrapped in a {@link ByzantineReplica}, exactly as the simulator wraps its faulty replicas. Several names joined with
 * {@code +} run together on one replica ({@link Behaviours#compose}, in the order given): with f = 1 the one faulty
 * server of the paper's §7 attack is the leader, and it both delays ({@code leader-delay}) and forces reconciliation
 * ({@code recon}): {@code leader-delay+recon}.
 *
 * <p>A leader attack ({@link Behaviours.Entry#targetsLeader}) acts only while its replica leads the current view; it is
 * meant for the leader of the view the registry names (view 0's leader is replica 0), and says so in the log when
 * placed elsewhere.
 */
final class AttackBehaviour implements ReplicaBehaviour {
    private static final Logger LOG = LoggerFactory.getLogger(AttackBehaviour.class);
    /** Separates the behaviours combined on one replica. */
    static final String SEPARATOR = "+";

    private final List<Behaviours.Entry> entries;

    AttackBehaviour(List<Behaviours.Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no behaviour");
        }
        this.entries = List.copyOf(entries);
    }

    /** The behaviour {@code a+b+...}; IllegalArgumentException if a part is not in the registry. */
    static AttackBehaviour parse(String name) {
        List<Behaviours.Entry> entries = new ArrayList<>();
        for (String part : name.split("\\" + SEPARATOR, -1)) {
            entries.add(Behaviours.get(part.trim()));
        }
        return new AttackBehaviour(entries);
    }

    @Override
    public String name() {
        return String.join(SEPARATOR, entries.stream().map(Behaviours.Entry::name).toList());
    }

    @Override
    public String description() {
        return String.join("; and ", entries.stream().map(Behaviours.Entry::description).toList());
    }

    List<Behaviours.Entry> entries() {
        return entries;
    }

    @Override
    public ReplicaCore wrap(ReplicaCore honest, BehaviourContext context) {
        PrimeConfig config = context.config();
        int self = context.replicaId();
        long coalition = context.coalitionMask() & allMask(config.replicas);
        if (Long.bitCount(coalition) > config.faults) {
            LOG.warn("replica {}: {} replicas run Byzantine behaviours but the cluster tolerates f = {}: the protocol"
                    + " promises nothing beyond f", self, Long.bitCount(coalition), config.faults);
        }
        for (Behaviours.Entry e : entries) {
            if (e.targetsLeader() && config.leaderOf(e.leaderOfView()) != self) {
                LOG.warn("replica {}: {} acts while its replica leads the current view; it is meant for view {}'s leader,"
                        + " replica {}", self, e.name(), e.leaderOfView(), config.leaderOf(e.leaderOfView()));
            }
        }
        AttackContext ctx = new AttackContext(config, self, coalition, context.signer(), context.hasher(), honest);
        Behaviour behaviour = entries.get(0).factory().apply(ctx);
        for (int i = 1; i < entries.size(); i++) {
            behaviour = Behaviours.compose(behaviour, entries.get(i).factory().apply(ctx));
        }
        LOG.info("replica {} runs the Byzantine behaviour {} (coalition {}): {}", self, name(), ids(coalition), description());
        return new ByzantineReplica(honest, behaviour);
    }

    private static long allMask(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    private static List<Integer> ids(long mask) {
        List<Integer> out = new ArrayList<>();
        for (long m = mask; m != 0; m &= m - 1) {
            out.add(Long.numberOfTrailingZeros(m));
        }
        return out;
    }
}
