package io.prime.runtime.behaviour;

import io.prime.core.replica.ReplicaCore;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The behaviours this process knows: the built-in {@code none} and whatever {@link ServiceLoader} finds, as
 * {@link ReplicaBehaviour} implementations or through a {@link BehaviourProvider} (the attacks module's adapter,
 * prime-attacks-runtime, which the {@code prime} jar contains).
 */
public final class Behaviours {
    public static final String NONE = "none";

    /** The honest protocol, unchanged. */
    public static final ReplicaBehaviour HONEST = new ReplicaBehaviour() {
        @Override
        public String name() {
            return NONE;
        }

        @Override
        public String description() {
            return "the honest protocol";
        }

        @Override
        public ReplicaCore wrap(ReplicaCore honest, BehaviourContext context) {
            return honest;
        }
    };

    private Behaviours() {
    }

    private static List<BehaviourProvider> providers() {
        List<BehaviourProvider> out = new ArrayList<>();
        ServiceLoader.load(BehaviourProvider.class).forEach(out::add);
        return out;
    }

    /** Every known behaviour by name, {@code none} first. */
    public static List<ReplicaBehaviour> available() {
        TreeMap<String, ReplicaBehaviour> byName = new TreeMap<>();
        for (ReplicaBehaviour b : ServiceLoader.load(ReplicaBehaviour.class)) {
            byName.putIfAbsent(b.name(), b);
        }
        for (BehaviourProvider p : providers()) {
            for (ReplicaBehaviour b : p.behaviours()) {
                byName.putIfAbsent(b.name(), b);
            }
        }
        byName.remove(NONE);
        List<ReplicaBehaviour> all = new ArrayList<>();
        all.add(HONEST);
        all.addAll(byName.values());
        return all;
    }

    public static List<String> names() {
        return available().stream().map(ReplicaBehaviour::name).toList();
    }

    /**
     * The behaviour called {@code name}: one of {@link #available()}, or a name a provider understands (such as
     * {@code leader-delay+recon}); IllegalArgumentException listing the known names otherwise.
     */
    public static ReplicaBehaviour byName(String name) {
        for (ReplicaBehaviour b : available()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        for (BehaviourProvider p : providers()) {
            ReplicaBehaviour b = p.find(name);
            if (b != null) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown behaviour '" + name + "'; known: " + String.join(", ", names())
                + (names().size() == 1 ? " (Byzantine behaviours come with the attacks module, prime-attacks-runtime)" : ""));
    }
}
