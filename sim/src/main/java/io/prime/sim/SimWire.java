package io.prime.sim;

import io.prime.core.edge.InboundVerifier;
import io.prime.core.message.MessageRegistry;
import io.prime.core.message.PrimeMessages;

/**
 * What the simulator must know about a protocol's wire besides its replicas: the message kinds its edge decodes and
 * the nested signatures its edge checks. Prime's is the default; another protocol (the PBFT baseline) supplies its
 * own with {@link SimConfig.Builder#wire}. Clients only need the client UPDATE and REPLY kinds, which every protocol's
 * registry must contain with their Prime ids.
 */
public interface SimWire {
    /** The registry of every kind a replica of this protocol may receive. */
    MessageRegistry registry();

    /** Registers the protocol's nested-signature checks on a new edge verifier; returns it. */
    default InboundVerifier configure(InboundVerifier verifier) {
        return verifier;
    }

    /** Prime's kinds, with the checks {@link InboundVerifier} already has built in. */
    static SimWire prime() {
        return PrimeMessages::registry;
    }
}
