package io.prime.attacks.runtime;

import io.prime.attacks.ByzantineReplica;
import io.prime.attacks.LeaderDelay;
import io.prime.attacks.ReconAttack;
import io.prime.core.Rejections;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireLimits;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.message.PoAck;
import io.prime.core.message.PrimeMessages;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import io.prime.runtime.behaviour.BehaviourContext;
import io.prime.runtime.behaviour.Behaviours;
import io.prime.runtime.behaviour.ReplicaBehaviour;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime finds the attacks module's behaviours by name, and they wrap a replica's core as the simulator's do. */
class AttackBehavioursTest {
    private static final PrimeConfig CONFIG = PrimeConfig.builder(1).build();
    private static final TestKeys KEYS = new TestKeys(new SimulatedSignatureScheme(32), 4, 2, 11);

    /** A core that sends one signed PO-ACK to every other replica per step. */
    private static final class Stub implements ReplicaCore {
        private final int id;

        Stub(int id) {
            this.id = id;
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public Outputs step(List<Input> inputs, long nowNanos) {
            var frame = FrameCodec.signBatch(List.of(new PoAck(id, List.of())), KEYS.replicaSigner(id), new Hasher()).get(0);
            return new Outputs(List.of(Outbound.toReplicas(frame, 0b1111 & ~(1L << id))), List.of(), List.of(),
                    nowNanos + 1_000_000);
        }

        @Override
        public Rejections rejections() {
            return new Rejections();
        }

        @Override
        public ReplicaStatus status() {
            return new ReplicaStatus(0, 0, 0, 0, 0, List.of());
        }
    }

    private static BehaviourContext context(int id, long coalition) {
        return new BehaviourContext(CONFIG, id, KEYS.replicaSigner(id), new Hasher(), KEYS.directory(),
                new FrameCodec(PrimeMessages.registry(), WireLimits.defaults(4, 2)), coalition);
    }

    @Test
    void everyRegisteredAttackIsABehaviourOfTheRuntime() {
        List<String> names = Behaviours.names();
        assertEquals(Behaviours.NONE, names.get(0));
        assertTrue(names.containsAll(io.prime.attacks.Behaviours.names()), names.toString());
        for (String name : List.of("recon", "leader-delay", "silent", "garbage", "inconsistent-aru")) {
            ReplicaBehaviour b = Behaviours.byName(name);
            assertEquals(name, b.name());
            assertEquals(io.prime.attacks.Behaviours.get(name).description(), b.description());
        }
    }

    @Test
    void aBehaviourWrapsTheHonestCoreAndChangesWhatItSends() {
        Stub honest = new Stub(0);
        assertSame(honest, Behaviours.byName(Behaviours.NONE).wrap(honest, context(0, 0)));
        assertEquals(1, honest.step(List.of(Input.TICK), 1).messages().size());

        ReplicaCore silent = Behaviours.byName("silent").wrap(honest, context(0, 0));
        ByzantineReplica wrapped = assertInstanceOf(ByzantineReplica.class, silent);
        assertSame(honest, wrapped.honest());
        assertEquals(0, silent.step(List.of(Input.TICK), 1).messages().size(), "silent sent something");

        ReplicaCore delay = Behaviours.byName("leader-delay").wrap(new Stub(0), context(0, 0));
        LeaderDelay leaderDelay = assertInstanceOf(LeaderDelay.class, ((ByzantineReplica) delay).behaviour());
        assertEquals(1, leaderDelay.relay(), "the relay is the lowest correct server");
    }

    @Test
    void behavioursJoinedWithPlusRunTogetherOnOneReplica() {
        ReplicaBehaviour both = Behaviours.byName("leader-delay+recon");
        assertEquals("leader-delay+recon", both.name());
        assertTrue(both.description().contains("PRE-PREPARE") && both.description().contains("reconciliation"),
                both.description());
        ByzantineReplica core = assertInstanceOf(ByzantineReplica.class, both.wrap(new Stub(0), context(0, 0)));
        assertEquals("leader-delay+recon", core.behaviour().name());
        assertEquals(1, core.step(List.of(Input.TICK), 1).messages().size(), "a PO-ACK is neither a PRE-PREPARE nor a PO-REQUEST");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Behaviours.byName("recon+nope"));
        assertTrue(e.getMessage().contains("unknown behaviour 'recon+nope'") && e.getMessage().contains("leader-delay"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Behaviours.byName("recon+"));
    }

    @Test
    void theCoalitionTellsABehaviourWhichServersAreCorrect() {
        // recon withholds its PO-REQUESTs from the f correct servers with the highest ids.
        ReconAttack alone = (ReconAttack) ((ByzantineReplica) Behaviours.byName("recon").wrap(new Stub(0), context(0, 0))).behaviour();
        assertEquals(1L << 3, alone.withheldFrom(1));
        ReconAttack partnered = (ReconAttack) ((ByzantineReplica) Behaviours.byName("recon")
                .wrap(new Stub(0), context(0, 1L << 3))).behaviour();
        assertEquals(1L << 2, partnered.withheldFrom(1), "replica 3 is a partner, not a victim");
    }
}
