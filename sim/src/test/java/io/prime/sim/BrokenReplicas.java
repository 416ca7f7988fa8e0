package io.prime.sim;

import io.prime.core.Rejections;
import io.prime.core.app.HashChainStateMachine;
import io.prime.core.message.ClientUpdate;
import io.prime.core.replica.Executed;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken replicas, used to prove the invariant checkers work: each runs the honest core and then
 * corrupts what it reports as executed, the way a buggy replica would execute.
 */
final class BrokenReplicas {
    private BrokenReplicas() {
    }

    /** A replica whose executions pass through {@code corruption} once it has executed {@code after} updates. */
    static ReplicaFactory corrupting(int brokenId, long after, UnaryOperator<List<Executed>> corruption) {
        return (config, id, signer, hasher) -> {
            PrimeReplica honest = HonestReplicas.prime(config, id, signer, hasher, 11);
            if (id != brokenId) {
                return honest;
            }
            return new ReplicaCore() {
                @Override
                public int id() {
                    return id;
                }

                @Override
                public Outputs step(List<Input> inputs, long nowNanos) {
                    Outputs out = honest.step(inputs, nowNanos);
                    if (out.executed().isEmpty() || out.executed().get(0).executionIndex() <= after) {
                        return out;
                    }
                    return new Outputs(out.messages(), corruption.apply(new ArrayList<>(out.executed())), out.events(),
                            out.nextWakeupNanos());
                }

                @Override
                public Rejections rejections() {
                    return honest.rejections();
                }

                @Override
                public ReplicaStatus status() {
                    return honest.status();
                }
            };
        };
    }

    /** Executes two updates in swapped order (keeps indices): SAFETY. */
    static List<Executed> swapFirstTwo(List<Executed> executed) {
        if (executed.size() < 2) {
            return executed;
        }
        Executed a = executed.get(0);
        Executed b = executed.get(1);
        executed.set(0, new Executed(a.executionIndex(), b.globalSeq(), b.origin(), b.poSeq(), b.update()));
        executed.set(1, new Executed(b.executionIndex(), a.globalSeq(), a.origin(), a.poSeq(), a.update()));
        return executed;
    }

    /** Executes an update nobody submitted in place of a real one: VALIDITY (and SAFETY for the others). */
    static List<Executed> invent(List<Executed> executed) {
        Executed a = executed.get(0);
        ClientUpdate fake = new ClientUpdate(a.update().clientId(), 1_000_000 + a.executionIndex(), new byte[]{1, 2, 3},
                a.update().signature());
        executed.set(0, new Executed(a.executionIndex(), a.globalSeq(), a.origin(), a.poSeq(), fake));
        return executed;
    }

    /** Executes the same update a second time right after the first: EXACTLY-ONCE. */
    static List<Executed> twice(List<Executed> executed) {
        List<Executed> out = new ArrayList<>();
        long shift = 0;
        for (Executed e : executed) {
            out.add(new Executed(e.executionIndex() + shift, e.globalSeq(), e.origin(), e.poSeq(), e.update()));
            if (shift == 0) {
                shift = 1;
                out.add(new Executed(e.executionIndex() + shift, e.globalSeq(), e.origin(), e.poSeq(), e.update()));
            }
        }
        return out;
    }

    /** Skips an index: SAFETY (a gap in the executed sequence). */
    static List<Executed> skipIndex(List<Executed> executed) {
        List<Executed> out = new ArrayList<>();
        for (Executed e : executed) {
            out.add(new Executed(e.executionIndex() + 1, e.globalSeq(), e.origin(), e.poSeq(), e.update()));
        }
        return out;
    }
}
