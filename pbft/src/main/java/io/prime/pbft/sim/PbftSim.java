package io.prime.pbft.sim;

import io.prime.core.app.HashChainStateMachine;
import io.prime.core.message.MessageRegistry;
import io.prime.core.edge.InboundVerifier;
import io.prime.pbft.PbftConfig;
import io.prime.pbft.PbftEdge;
import io.prime.pbft.PbftReplica;
import io.prime.pbft.message.PbftMessages;
import io.prime.sim.ReplicaFactory;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;
import io.prime.sim.SimWire;

import java.util.function.Function;

/**
 * Plugs the PBFT baseline into the simulator: its wire (kinds and nested-signature checks) and a replica factory.
 * Clients need nothing special: a {@code SimClient} submits to its own server and, after its timeout, to every server,
 * which is exactly the client model the baseline is built for (docs/pbft.md, "Client model").
 */
public final class PbftSim {
    public static final String PROTOCOL = "pbft";

    /** PBFT's wire for the simulator's edge. */
    public static final SimWire WIRE = new SimWire() {
        @Override
        public MessageRegistry registry() {
            return PbftMessages.registry();
        }

        @Override
        public InboundVerifier configure(InboundVerifier verifier) {
            return PbftEdge.configure(verifier);
        }
    };

    private PbftSim() {
    }

    /** The baseline's parameters for a deployment: the given initial timeout, retransmission at the profile's period. */
    public static PbftConfig config(int faults, SimProfile profile, long initialTimeoutMicros) {
        return PbftConfig.builder(faults).initialTimeoutMicros(initialTimeoutMicros)
                .retransmitPeriodMicros(profile.retransmitMicros()).build();
    }

    /** Honest PBFT replicas running the simulator's application. */
    public static ReplicaFactory honest(PbftConfig config) {
        return wrapped(config, replica -> replica);
    }

    /** PBFT replicas, each passed through {@code wrap} (attack behaviours wrap some of them). */
    public static ReplicaFactory wrapped(PbftConfig config, Function<PbftReplica, io.prime.core.replica.ReplicaCore> wrap) {
        return (primeConfig, id, signer, hasher) -> {
            if (primeConfig.replicas != config.replicas) {
                throw new IllegalArgumentException("PBFT configuration is for " + config.replicas + " replicas, not "
                        + primeConfig.replicas);
            }
            return wrap.apply(new PbftReplica(config, id, signer, hasher, new HashChainStateMachine()));
        };
    }

    /**
     * Makes {@code builder} run honest PBFT with initial timeout {@code initialTimeoutMicros}. The builder's replica
     * count and profile must be set first.
     */
    public static SimConfig.Builder configure(SimConfig.Builder builder, int replicas, SimProfile profile,
                                              long initialTimeoutMicros) {
        PbftConfig config = config((replicas - 1) / 3, profile, initialTimeoutMicros);
        return builder.protocol(PROTOCOL).wire(WIRE).replicaFactory(honest(config));
    }
}
