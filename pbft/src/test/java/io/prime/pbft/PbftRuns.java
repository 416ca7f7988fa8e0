package io.prime.pbft;

import io.prime.core.replica.ReplicaCore;
import io.prime.pbft.sim.PbftSim;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small PBFT simulator configurations shared by the tests, and access to the replicas a run built. */
final class PbftRuns {
    private PbftRuns() {
    }

    /** A LAN-profile PBFT run of a couple of simulated seconds. */
    static SimConfig.Builder lan(int replicas, int clients, long seed, long timeoutMicros) {
        SimProfile profile = SimProfile.lan();
        return PbftSim.configure(SimConfig.builder().profile(profile).replicas(replicas).clients(clients)
                .durationSeconds(1.5).warmupSeconds(0.5).seed(seed), replicas, profile, timeoutMicros);
    }

    /** A paper-profile PBFT run (50 ms links, 10 Mbps, RSA costs). */
    static SimConfig.Builder paper(int replicas, int clients, long seed, long timeoutMicros) {
        SimProfile profile = SimProfile.paper();
        return PbftSim.configure(SimConfig.builder().profile(profile).replicas(replicas).clients(clients)
                .durationSeconds(6).warmupSeconds(2).seed(seed), replicas, profile, timeoutMicros);
    }

    /** Records the replicas a factory builds, so a test can inspect their state after the run. */
    static final class Capture {
        final List<PbftReplica> replicas = new ArrayList<>();

        Function<PbftReplica, ReplicaCore> wrap(Function<PbftReplica, ReplicaCore> inner) {
            return r -> {
                replicas.add(r);
                return inner.apply(r);
            };
        }

        PbftReplica get(int id) {
            for (PbftReplica r : replicas) {
                if (r.id() == id) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no replica " + id);
        }
    }
}
