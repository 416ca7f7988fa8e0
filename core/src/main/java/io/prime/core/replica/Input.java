package io.prime.core.replica;

import io.prime.core.codec.Frame;
import io.prime.core.message.ClientUpdate;

/**
 * One input to a replica's core. Inputs from the network have already passed the
 * {@link io.prime.core.edge.InboundVerifier}: every signature in them is valid.
 */
public sealed interface Input {
    /** A verified frame that arrived on the link from replica {@code fromReplica} (not necessarily its signer). */
    record FromReplica(int fromReplica, Frame frame) implements Input {
    }

    /** A verified update submitted by a client to this replica. */
    record FromClient(ClientUpdate update) implements Input {
    }

    /** Time has passed: run whatever periodic work is due. Hosts send one at or after {@link Outputs#nextWakeupNanos()}. */
    record Tick() implements Input {
    }

    Tick TICK = new Tick();
}
