package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireLimits;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.edge.LruVerificationCache;
import io.prime.core.edge.Verdict;
import io.prime.core.message.Message;
import io.prime.core.message.PrimeMessages;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

import java.util.ArrayList;
import java.util.List;

/** A small cluster's keys and a faulty replica's context, for behaviour tests. */
final class Fixture {
    final int n;
    final PrimeConfig config;
    final TestKeys keys;
    final AttackContext ctx;
    final io.prime.core.crypto.SimulatedThresholdScheme threshold;

    Fixture(int f, int self, long faultyMask) {
        this.config = PrimeConfig.builder(f).build();
        this.n = config.replicas;
        this.threshold = new io.prime.core.crypto.SimulatedThresholdScheme(n, config.quorum(), 11);
        this.keys = new TestKeys(new SimulatedSignatureScheme(32), n, 2, 11);
        this.ctx = new AttackContext(config, self, faultyMask, keys.replicaSigner(self), new Hasher());
    }

    Frame signedBy(int replica, Message m) {
        return FrameCodec.signBatch(List.of(m), keys.replicaSigner(replica), new Hasher()).get(0);
    }

    InboundVerifier verifier() {
        return new InboundVerifier(new FrameCodec(PrimeMessages.registry(), WireLimits.defaults(n, 2)), keys.directory(),
                new Hasher(), new LruVerificationCache(256));
    }

    Verdict verify(Frame f) {
        return verifier().verify(f.bytes());
    }

    static Outputs outputs(Outbound... messages) {
        return new Outputs(List.of(messages), List.of(), List.of(), 1_000);
    }

    /** Runs {@code b.outputs} and collects what it sends now. */
    static List<Outbound> run(Behaviour b, Outputs honest, long now) {
        List<Outbound> out = new ArrayList<>();
        b.outputs(honest, now, new Behaviour.Emitter() {
            @Override
            public void send(Outbound message) {
                out.add(message);
            }

            @Override
            public void sendAt(long whenNanos, Outbound message) {
                out.add(message);
            }
        });
        return out;
    }
}
