package io.prime.pbft;

import io.prime.core.Rejections;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
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
        final List<ProtocolEvent> events = new ArrayList<>();

        Function<PbftReplica, ReplicaCore> wrap(Function<PbftReplica, ReplicaCore> inner) {
            return r -> {
                replicas.add(r);
                ReplicaCore core = inner.apply(r);
                return new ReplicaCore() {
                    @Override
                    public int id() {
                        return core.id();
                    }

                    @Override
                    public Outputs step(List<Input> inputs, long nowNanos) {
                        Outputs out = core.step(inputs, nowNanos);
                        events.addAll(out.events());
                        return out;
                    }

                    @Override
                    public Rejections rejections() {
                        return core.rejections();
                    }

                    @Override
                    public ReplicaStatus status() {
                        return core.status();
                    }
                };
            };
        }

        long count(ProtocolEvent.Type type) {
            return events.stream().filter(e -> e.type() == type).count();
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
