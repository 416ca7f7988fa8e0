package io.prime.attacks;

import io.prime.core.Rejections;
import io.prime.core.message.PoAck;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wrapper: delays are held and released on time, duplicates and compositions work. */
class ByzantineReplicaTest {
    /** A core that sends one PO-ACK per step and wants a tick every 100 ms. */
    private static final class Stub implements ReplicaCore {
        final Fixture fx;
        final List<List<Input>> seen = new ArrayList<>();

        Stub(Fixture fx) {
            this.fx = fx;
        }

        @Override
        public int id() {
            return 3;
        }

        @Override
        public Outputs step(List<Input> inputs, long nowNanos) {
            seen.add(inputs);
            Outbound o = Outbound.toReplicas(fx.signedBy(3, new PoAck(3, List.of())), 0b0111);
            return new Outputs(List.of(o), List.of(), List.of(), nowNanos + 100_000_000,
                    List.of(new io.prime.core.durable.DurableRecord.Certified(3, seen.size())));
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

    /** Delays everything by 10 ms and sends it twice. */
    private static final class DelayTwice implements Behaviour {
        @Override
        public String name() {
            return "delay-twice";
        }

        @Override
        public void outputs(Outputs honest, long nowNanos, Emitter out) {
            for (Outbound o : honest.messages()) {
                out.sendAt(nowNanos + 10_000_000, o);
                out.sendAt(nowNanos + 10_000_000, o);
            }
        }
    }

    @Test
    void heldMessagesLeaveWhenDueAndTheWakeupIsEarlyEnough() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        ByzantineReplica r = new ByzantineReplica(new Stub(fx), new DelayTwice());
        Outputs first = r.step(List.of(Input.TICK), 0);
        assertTrue(first.messages().isEmpty());
        assertEquals(10_000_000, first.nextWakeupNanos(), "woken for the held messages, not 100 ms later");
        assertEquals(2, r.heldMessages());
        Outputs second = r.step(List.of(Input.TICK), 10_000_000);
        assertEquals(2, second.messages().size(), "both copies of the first step's message");
        assertEquals(2, r.heldMessages(), "this step's own message is held in turn");
    }

    @Test
    void composedBehavioursApplyInOrder() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        Stub stub = new Stub(fx);
        ByzantineReplica r = new ByzantineReplica(stub, Behaviours.compose(new DelayTwice(), new Silent()));
        Outputs out = r.step(List.of(Input.TICK), 0);
        assertTrue(stub.seen.get(0).isEmpty(), "silent's input filter applies");
        assertTrue(out.messages().isEmpty());
        assertEquals(2, r.heldMessages(), "the first behaviour's delayed sends bypass the second");
    }

    @Test
    void theHonestCoresDurableRecordsReachTheHost() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        ByzantineReplica r = new ByzantineReplica(new Stub(fx), Behaviours.compose(new DelayTwice(), new Silent()));
        Outputs out = r.step(List.of(Input.TICK), 0);
        assertEquals(List.of(new io.prime.core.durable.DurableRecord.Certified(3, 1)), out.records(),
                "a behaviour changes what is sent, not what the replica's host stores");
    }
}
