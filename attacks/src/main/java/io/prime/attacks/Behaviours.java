package io.prime.attacks;

import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of Byzantine behaviours by name (the names {@code prime sim --attack} accepts). Each entry says whether
 * the behaviour needs to run on the leader of view 0 (leader attacks, next to come: e.g. {@code leader-delay}); the
 * others run on the non-leader faulty replicas. New behaviours register here with {@link #register}.
 */
public final class Behaviours {
    /** A registered behaviour: its name, a one-line description, whether it targets the leader, and its factory. */
    public record Entry(String name, String description, boolean targetsLeader, Function<AttackContext, Behaviour> factory) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register(new Entry(ReconAttack.NAME,
                "withhold own PO-REQUESTs from f correct servers and acknowledge only faulty servers' (§7): forces reconciliation",
                false, ReconAttack::new));
        register(new Entry(InconsistentAru.NAME,
                "send inconsistent PO-ARUs to different servers (§4.2): gets blacklisted", false, InconsistentAru::new));
        register(new Entry(Silent.NAME, "send nothing, ignore everything: a crash", false, c -> new Silent()));
        register(new Entry(Garbage.NAME,
                "send junk with bad signatures, wrong digests and out-of-range fields besides honest traffic", false,
                Garbage::new));
    }

    private Behaviours() {
    }

    public static synchronized void register(Entry entry) {
        if (REGISTRY.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalArgumentException("behaviour '" + entry.name() + "' is already registered");
        }
    }

    public static synchronized Entry get(String name) {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown attack '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return e;
    }

    public static synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.keySet()));
    }

    /** Creates behaviour {@code name} for the replica described by {@code ctx}. */
    public static Behaviour create(String name, AttackContext ctx) {
        return get(name).factory().apply(ctx);
    }

    /**
     * Two behaviours on one replica: inputs go through {@code first} then {@code second}; the honest outputs go through
     * {@code first}, and what it sends (now; delayed messages are delayed by it alone) through {@code second}.
     */
    public static Behaviour compose(Behaviour first, Behaviour second) {
        return new Behaviour() {
            @Override
            public String name() {
                return first.name() + "+" + second.name();
            }

            @Override
            public List<Input> inputs(List<Input> inputs, long nowNanos) {
                return second.inputs(first.inputs(inputs, nowNanos), nowNanos);
            }

            @Override
            public void outputs(Outputs honest, long nowNanos, Emitter out) {
                List<Outbound> mid = new ArrayList<>();
                first.outputs(honest, nowNanos, new Emitter() {
                    @Override
                    public void send(Outbound message) {
                        mid.add(message);
                    }

                    @Override
                    public void sendAt(long whenNanos, Outbound message) {
                        if (whenNanos <= nowNanos) {
                            mid.add(message);
                        } else {
                            out.sendAt(whenNanos, message);
                        }
                    }
                });
                second.outputs(new Outputs(mid, honest.executed(), honest.events(), honest.nextWakeupNanos()), nowNanos, out);
            }

            @Override
            public long nextWakeupNanos() {
                return Math.min(first.nextWakeupNanos(), second.nextWakeupNanos());
            }
        };
    }
}
