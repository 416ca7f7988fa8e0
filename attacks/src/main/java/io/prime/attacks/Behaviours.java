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
 * the behaviour attacks as the leader of some view, and of which ({@link Entry#leaderOfView}): it then runs on that
 * view's leader (v mod N); the others run on the non-leader faulty replicas. New behaviours register here with
 * {@link #register}.
 */
public final class Behaviours {
    /** {@link Entry#leaderOfView} of a behaviour that is not a leader attack. */
    public static final long ANY_REPLICA = -1;

    /**
     * A registered behaviour: its name, a one-line description, the view whose leader it must run on
     * ({@link #ANY_REPLICA} if none: it takes a free replica), and its factory. A leader attack on a view above 0
     * needs the views before it to end: the simulator's scenario (io.prime.sim.SimAttacks) arranges that.
     */
    public record Entry(String name, String description, long leaderOfView, Function<AttackContext, Behaviour> factory) {
        /** An entry that targets the leader of view 0 ({@code true}) or no leader. */
        public Entry(String name, String description, boolean targetsLeader, Function<AttackContext, Behaviour> factory) {
            this(name, description, targetsLeader ? 0 : ANY_REPLICA, factory);
        }

        /** Whether this behaviour attacks as the leader of some view. */
        public boolean targetsLeader() {
            return leaderOfView >= 0;
        }
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
        register(new Entry(LeaderDelay.NAME,
                "leader of view 0: ignore PO-ARUs, answer PROOF-MATRIX messages as late as TAT_acceptable allows, send"
                        + " PRE-PREPAREs to one correct server (§7, Fig. 2B): stays in power", 0,
                c -> new LeaderDelay(c, LeaderDelay.Mode.WITHIN_BOUND, LeaderDelay.NAME)));
        register(new Entry(LeaderDelay.GREEDY_NAME,
                "leader of view 0: like leader-delay but twice as late as TAT_acceptable allows: gets replaced", 0,
                c -> new LeaderDelay(c, LeaderDelay.Mode.GREEDY, LeaderDelay.GREEDY_NAME)));
        register(new Entry(EquivocatingPrePrepare.NAME,
                "leader of view 0: two different PRE-PREPAREs for one sequence number to different servers: gets replaced",
                0, EquivocatingPrePrepare::new));
        register(new Entry(StaleMatrix.NAME,
                "leader of view 0: PRE-PREPAREs on time but with proof matrices older than it holds (§4.2): gets replaced",
                0, StaleMatrix::new));
        register(new Entry(ConflictingReplay.NAME,
                "leader of view 1: two different signed REPLAYs to different servers (§5.3): gets replaced", 1,
                ConflictingReplay::new));
        register(new Entry(SlowViewChange.NAME,
                "leader of view 1: withholds its REPLAY far beyond TAT_acceptable (§5.3): gets replaced", 1,
                SlowViewChange::new));
        register(new Entry(LeaderDelay.TIMEOUT_INFLATION_NAME,
                "§3.2: instability ends views 0-2, then the leader of view 3 runs leader-delay: Prime's bound does not grow",
                LeaderDelay.TIMEOUT_INFLATION_VIEW,
                c -> new LeaderDelay(c, LeaderDelay.Mode.WITHIN_BOUND, LeaderDelay.TIMEOUT_INFLATION_NAME)));
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
                second.outputs(new Outputs(mid, honest.executed(), honest.events(), honest.nextWakeupNanos(),
                        honest.records()), nowNanos, out);
            }

            @Override
            public long nextWakeupNanos() {
                return Math.min(first.nextWakeupNanos(), second.nextWakeupNanos());
            }
        };
    }
}
