package io.prime.attacks;

import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

import java.util.List;

/**
 * A Byzantine strategy wrapped around an honest {@link io.prime.core.replica.PrimeReplica} by
 * {@link ByzantineReplica}. It sees the replica's inputs before the honest core does (and may drop or alter them) and
 * the honest core's outputs before they leave (and may drop, alter, re-sign, duplicate, add to or delay them). The
 * protocol core itself stays the honest protocol: there are no attack flags inside it.
 *
 * <p>A behaviour is created per replica by the {@link Behaviours} registry with that replica's {@link AttackContext};
 * it may keep state. It must be deterministic (no clock, no unseeded randomness): the simulator replays runs.
 */
public interface Behaviour {
    /** Where a behaviour puts what it sends: now, or later (the wrapper holds it and wakes up in time). */
    interface Emitter {
        void send(Outbound message);

        /** Sends {@code message} at {@code whenNanos} (now if that is not in the future). */
        void sendAt(long whenNanos, Outbound message);
    }

    /** The name in the registry (and on the command line). */
    String name();

    /** The inputs the honest core gets; the default passes them all. */
    default List<Input> inputs(List<Input> inputs, long nowNanos) {
        return inputs;
    }

    /** Decides what of the honest core's outputs is sent; the default sends everything unchanged. */
    default void outputs(Outputs honest, long nowNanos, Emitter out) {
        for (Outbound o : honest.messages()) {
            out.send(o);
        }
    }

    /** The earliest time the behaviour wants to be stepped for its own sake (besides held messages). */
    default long nextWakeupNanos() {
        return Long.MAX_VALUE;
    }
}
