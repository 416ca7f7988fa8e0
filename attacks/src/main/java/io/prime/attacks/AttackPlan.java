package io.prime.attacks;

import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.replica.ReplicaCore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which replicas are faulty and which behaviour each runs: the k-th behaviour name goes to the k-th faulty replica.
 *
 * <p><b>Default placement</b> (deterministic): a behaviour that attacks as the leader of view v
 * ({@link Behaviours.Entry#leaderOfView}) runs on that view's leader, v mod N (leader-delay on replica 0,
 * conflicting-replay on 1, timeout-inflation on 3; two such behaviours may not need the same replica); every other
 * behaviour takes the highest free replica id, in order: with N = 7, {@code recon,silent} puts recon on 6 and silent
 * on 5, and {@code leader-delay,recon} puts leader-delay on 0 and recon on 6. An explicit list of faulty ids overrides
 * this (the k-th id gets the k-th name). At most f behaviours: the protocol promises nothing beyond f faulty replicas.
 */
public final class AttackPlan {
    private final int replicas;
    private final List<String> names;
    private final int[] placement;
    private final boolean explicit;

    private AttackPlan(int replicas, List<String> names, int[] placement, boolean explicit) {
        this.replicas = replicas;
        this.names = List.copyOf(names);
        this.placement = placement;
        this.explicit = explicit;
    }

    /** No faulty replica. */
    public static AttackPlan none(int replicas) {
        return new AttackPlan(replicas, List.of(), new int[0], false);
    }

    /** The default placement of {@code names} on N = {@code replicas}. */
    public static AttackPlan of(List<String> names, int replicas) {
        return of(names, null, replicas);
    }

    /**
     * {@code names} on the replicas {@code faulty} (the k-th name on the k-th id), or on the default placement if
     * {@code faulty} is null.
     *
     * @throws IllegalArgumentException for an unknown name, more than f names, two leader behaviours without explicit
     *     ids, or ids that are repeated, out of range or not one per name
     */
    public static AttackPlan of(List<String> names, List<Integer> faulty, int replicas) {
        int f = (replicas - 1) / 3;
        if (names.size() > f) {
            throw new IllegalArgumentException(names.size() + " attack behaviours but at most f = " + f + " replicas of "
                    + replicas + " may be faulty");
        }
        List<Behaviours.Entry> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(Behaviours.get(name));
        }
        int[] placement = new int[names.size()];
        if (faulty != null) {
            if (faulty.size() != names.size()) {
                throw new IllegalArgumentException("--faulty lists " + faulty.size() + " replicas for " + names.size()
                        + " attack behaviours: give one id per behaviour");
            }
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < faulty.size(); k++) {
                int id = faulty.get(k);
                if (id < 0 || id >= replicas) {
                    throw new IllegalArgumentException("faulty replica id " + id + " is not in 0.." + (replicas - 1));
                }
                if (!seen.add(id)) {
                    throw new IllegalArgumentException("faulty replica id " + id + " is listed twice");
                }
                placement[k] = id;
            }
            return new AttackPlan(replicas, names, placement, true);
        }
        long taken = 0;
        for (int k = 0; k < entries.size(); k++) {
            if (entries.get(k).targetsLeader()) {
                int leader = leaderOf(entries.get(k).leaderOfView(), replicas);
                if ((taken & (1L << leader)) != 0) {
                    throw new IllegalArgumentException("two behaviours target the leader replica " + leader
                            + ": give --faulty ids");
                }
                placement[k] = leader;
                taken |= 1L << leader;
            }
        }
        int next = replicas - 1;
        for (int k = 0; k < entries.size(); k++) {
            if (entries.get(k).targetsLeader()) {
                continue;
            }
            while ((taken & (1L << next)) != 0) {
                next--;
            }
            placement[k] = next;
            taken |= 1L << next;
        }
        return new AttackPlan(replicas, names, placement, false);
    }

    /** The leader of {@code view} ({@link PrimeConfig#leaderOf}: v mod N). */
    static int leaderOf(long view, int replicas) {
        return (int) (view % replicas);
    }

    /** The behaviour names with their registry entries, in order. */
    public List<Behaviours.Entry> entries() {
        List<Behaviours.Entry> out = new ArrayList<>();
        for (String name : names) {
            out.add(Behaviours.get(name));
        }
        return out;
    }

    /** Parses {@code NAME[,NAME...]}; blank means none. */
    public static List<String> parseNames(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String s : text.split(",", -1)) {
            String name = s.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty attack name in '" + text + "'");
            }
            out.add(name);
        }
        return out;
    }

    /** Parses {@code ID[,ID...]}. */
    public static List<Integer> parseIds(String text) {
        List<Integer> out = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a replica id");
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    public List<String> names() {
        return names;
    }

    /** The faulty replicas, in the order of the names. */
    public List<Integer> faultyIds() {
        List<Integer> out = new ArrayList<>();
        for (int id : placement) {
            out.add(id);
        }
        return out;
    }

    public long faultyMask() {
        long m = 0;
        for (int id : placement) {
            m |= 1L << id;
        }
        return m;
    }

    /** The behaviour name replica {@code id} runs, or null if it is correct. */
    public String behaviourOf(int id) {
        for (int k = 0; k < placement.length; k++) {
            if (placement[k] == id) {
                return names.get(k);
            }
        }
        return null;
    }

    /** {@code honest} itself if replica {@code id} is correct, else it wrapped in its behaviour. */
    public ReplicaCore wrap(ReplicaCore honest, PrimeConfig config, int id, Signer signer, Hasher hasher) {
        String name = behaviourOf(id);
        if (name == null) {
            return honest;
        }
        if (config.replicas != replicas) {
            throw new IllegalArgumentException("attack plan for " + replicas + " replicas, configuration for " + config.replicas);
        }
        AttackContext ctx = new AttackContext(config, id, faultyMask(), signer, hasher, honest);
        return new ByzantineReplica(honest, Behaviours.create(name, ctx));
    }

    /** The command-line arguments that reproduce this plan: {@code --attack a,b} and, if explicit, {@code --faulty i,j}. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (names.isEmpty()) {
            return args;
        }
        args.add("--attack");
        args.add(String.join(",", names));
        if (explicit) {
            args.add("--faulty");
            List<String> ids = new ArrayList<>();
            for (int id : placement) {
                ids.add(Integer.toString(id));
            }
            args.add(String.join(",", ids));
        }
        return args;
    }

    @Override
    public String toString() {
        if (names.isEmpty()) {
            return "no faulty replica";
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append("replica ").append(placement[k]).append(": ").append(names.get(k));
        }
        return sb.toString();
    }
}
