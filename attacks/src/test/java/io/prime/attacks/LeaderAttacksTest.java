package io.prime.attacks;

import io.prime.core.Rejections;
import io.prime.core.app.HashChainStateMachine;
import io.prime.core.codec.Frame;
import io.prime.core.crypto.Hasher;
import io.prime.core.message.AruVector;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.ProofMatrix;
import io.prime.core.message.Replay;
import io.prime.core.message.RttMeasure;
import io.prime.core.message.TatUb;
import io.prime.core.order.MatrixRules;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each attack on the leader does to the honest core's messages (the defences are tested in the simulator). */
class LeaderAttacksTest {
    private static final long MS = 1_000_000;

    private static PoAru aru(Fixture fx, int sender, long... v) {
        AruVector vector = AruVector.of(v);
        return new PoAru(sender, vector, fx.keys.replicaSigner(sender).sign(PoAru.signedBytes(sender, vector)));
    }

    private static PoAruMatrix matrix(PoAru... rows) {
        return PoAruMatrix.of(rows);
    }

    private static Input from(Fixture fx, int sender, io.prime.core.message.Message m) {
        return new Input.FromReplica(sender, fx.signedBy(sender, m));
    }

    private static List<Outbound> prePrepares(Outputs out) {
        return out.messages().stream().filter(o -> o.frame().message() instanceof PrePrepare).toList();
    }

    /** A faulty leader (replica 0 of 4) running {@code mode}, with every server reporting {@code rttMs} and α = 20 ms. */
    private static final class Leader {
        final Fixture fx = new Fixture(1, 0, 1L);
        final PrimeReplica honest = new PrimeReplica(fx.config, 0, fx.keys.replicaSigner(0), new Hasher(),
                new HashChainStateMachine(), fx.threshold, fx.threshold.signer(0));
        final LeaderDelay behaviour;
        final ByzantineReplica replica;

        Leader(LeaderDelay.Mode mode, long rttMs) {
            AttackContext ctx = new AttackContext(fx.config, 0, 1L, fx.keys.replicaSigner(0), new Hasher(), honest);
            behaviour = new LeaderDelay(ctx, mode, "test");
            replica = new ByzantineReplica(honest, behaviour);
            List<Input> setup = new ArrayList<>();
            for (int j = 1; j <= 3; j++) {
                setup.add(from(fx, j, new RttMeasure(0, rttMs * 1_000, j, 0)));
                setup.add(from(fx, j, new TatUb(0, 20_000, j)));
            }
            replica.step(setup, MS);
        }

        /** Server 2's PROOF-MATRIX (and a PO-ARU, which the leader ignores) at {@code at}. */
        Outputs proofMatrixFrom2(long at) {
            PoAruMatrix m = matrix(null, aru(fx, 1, 0, 1, 0, 0), aru(fx, 2, 0, 1, 1, 0), aru(fx, 3, 0, 1, 1, 0));
            return replica.step(List.of(new Input.FromReplica(2, io.prime.core.codec.FrameCodec.selfSigned(aru(fx, 2, 0, 2, 2, 0))),
                    from(fx, 2, new ProofMatrix(2, 0, m))), at);
        }
    }

    @Test
    void leaderDelayHoldsThePrePrepareUntilJustBeforeTheTurnaroundBudgetAndSendsItToOneCorrectServer() {
        Leader l = new Leader(LeaderDelay.Mode.WITHIN_BOUND, 2);
        assertEquals(20 * MS, l.honest.tatAcceptableMicros() * 1_000, "TAT_acceptable from the TAT-UBs it received");
        Outputs out = l.proofMatrixFrom2(10 * MS);
        assertEquals(1, l.behaviour.droppedPoArus(), "PO-ARUs are ignored");
        assertTrue(prePrepares(out).isEmpty(), "the PRE-PREPARE is held");
        assertEquals(1, l.behaviour.heldPrePrepares());
        // Sent at 10 - 1 (one-way 1 ms); budget 20 - (20/8 + 2) = 15.5; via the relay 1 + 1 ms: leave by 22.5 ms.
        assertEquals(22_500_000, out.nextWakeupNanos());
        Outputs early = l.replica.step(List.of(Input.TICK), 22_400_000);
        assertTrue(prePrepares(early).isEmpty());
        Outputs due = l.replica.step(List.of(Input.TICK), 22_500_000);
        List<Outbound> sent = prePrepares(due);
        assertEquals(1, sent.size());
        assertEquals(1L << l.behaviour.relay(), sent.get(0).replicaMask(), "to one correct server only");
        assertEquals(1, l.behaviour.relay());
    }

    @Test
    void whereTheFloodedRoundDoesNotFitTheServerGetsThePrePrepareDirectly() {
        Leader l = new Leader(LeaderDelay.Mode.WITHIN_BOUND, 20);
        // One-way 10 ms: via the relay it would take 20 ms, past the budget; directly it must leave by
        // 10 - 10 + 15.5 - 10 = 5.5 ms, already past: at once, to the relay and to server 2.
        Outputs out = l.proofMatrixFrom2(10 * MS);
        List<Outbound> sent = prePrepares(out);
        assertEquals(1, sent.size());
        assertEquals((1L << 1) | (1L << 2), sent.get(0).replicaMask());
        assertEquals(1, l.behaviour.directReleases());
    }

    @Test
    void theGreedyLeaderAimsAtTwiceTatAcceptable() {
        Leader l = new Leader(LeaderDelay.Mode.GREEDY, 2);
        Outputs out = l.proofMatrixFrom2(10 * MS);
        assertEquals(10 * MS - MS + 40 * MS - 2 * MS, out.nextWakeupNanos());
        List<Outbound> sent = prePrepares(l.replica.step(List.of(Input.TICK), out.nextWakeupNanos()));
        assertEquals(1L << 1, sent.get(0).replicaMask());
    }

    @Test
    void aNonLeaderBehavesHonestly() {
        Fixture fx = new Fixture(1, 2, 1L << 2);
        LeaderDelay ld = new LeaderDelay(fx.ctx, LeaderDelay.Mode.WITHIN_BOUND, "test"); // view 0: leader 0, not 2
        Input aru = new Input.FromReplica(1, io.prime.core.codec.FrameCodec.selfSigned(aru(fx, 1, 1, 0, 0, 0)));
        assertEquals(List.of(aru), ld.inputs(List.of(aru), 0));
    }

    // ------------------------------------------------------------------ equivocating-preprepare

    @Test
    void theEquivocatingVariantIsAValidSuccessorThatDiffersFromTheHonestOne() {
        Fixture fx = new Fixture(1, 0, 1L);
        PoAruMatrix previous = matrix(aru(fx, 0, 1, 0, 0, 0), aru(fx, 1, 1, 0, 0, 0), null, null);
        PrePrepare pp = new PrePrepare(0, 2, 0, matrix(aru(fx, 0, 2, 0, 0, 0), aru(fx, 1, 2, 0, 0, 0), aru(fx, 2, 1, 0, 0, 0), null));
        PrePrepare twin = EquivocatingPrePrepare.variant(pp, previous);
        assertNotNull(twin);
        assertEquals(pp.seq(), twin.seq());
        assertTrue(MatrixRules.validSuccessor(twin.matrix(), previous));
        assertFalse(MatrixRules.sameVectors(twin.matrix(), pp.matrix()));
        PrePrepare oneRow = new PrePrepare(0, 2, 0, matrix(aru(fx, 0, 2, 0, 0, 0), aru(fx, 1, 1, 0, 0, 0), null, null));
        assertNull(EquivocatingPrePrepare.variant(oneRow, previous), "one changed row: no valid variant");
    }

    @Test
    void eachHalfOfTheCorrectServersGetsItsOwnPrePrepare() {
        Fixture fx = new Fixture(1, 0, 1L);
        EquivocatingPrePrepare e = new EquivocatingPrePrepare(fx.ctx);
        assertEquals(1L << 2, e.forgedTo(), "correct servers 1, 2, 3: the second one gets the variant");
        PrePrepare pp = new PrePrepare(0, 1, 0, matrix(aru(fx, 0, 1, 0, 0, 0), aru(fx, 1, 1, 0, 0, 0), null, null));
        Frame honest = fx.signedBy(0, pp);
        List<Outbound> out = Fixture.run(e, Fixture.outputs(Outbound.toReplicas(honest, 0b1110)), 0);
        assertEquals(2, out.size());
        assertEquals(0b1010, out.get(0).replicaMask());
        assertEquals(honest, out.get(0).frame());
        assertEquals(0b0100, out.get(1).replicaMask());
        PrePrepare twin = (PrePrepare) out.get(1).frame().message();
        assertEquals(1, twin.seq());
        assertFalse(MatrixRules.sameVectors(twin.matrix(), pp.matrix()));
        assertTrue(fx.verify(out.get(1).frame()).accepted(), "signed with the leader's own key");
        assertEquals(1, e.equivocations());
    }

    // ------------------------------------------------------------------ stale-matrix

    @Test
    void staleMatrixSendsOnTimeButWithAnOlderMatrix() {
        Fixture fx = new Fixture(1, 0, 1L);
        StaleMatrix s = new StaleMatrix(fx.ctx);
        PoAruMatrix m1 = matrix(aru(fx, 0, 1, 0, 0, 0), aru(fx, 1, 1, 0, 0, 0), null, null);
        List<Outbound> first = Fixture.run(s, Fixture.outputs(Outbound.toReplicas(fx.signedBy(0, new PrePrepare(0, 1, 0, m1)), 0b1110)), 0);
        PrePrepare sent1 = (PrePrepare) first.get(0).frame().message();
        assertEquals(0b1110, first.get(0).replicaMask(), "to everyone, at once");
        assertTrue(MatrixRules.validSuccessor(sent1.matrix(), PoAruMatrix.empty(4)));
        assertFalse(MatrixRules.sameVectors(sent1.matrix(), m1), "one row brought up to date, not both");
        PoAruMatrix m2 = matrix(aru(fx, 0, 3, 0, 0, 0), aru(fx, 1, 3, 0, 0, 0), aru(fx, 2, 3, 0, 0, 0), null);
        long later = 2_000 * MS; // past the lag (one second while TAT_acceptable is unknown)
        List<Outbound> second = Fixture.run(s, Fixture.outputs(Outbound.toReplicas(fx.signedBy(0, new PrePrepare(0, 2, 0, m2)), 0b1110)), later);
        PrePrepare sent2 = (PrePrepare) second.get(0).frame().message();
        assertTrue(MatrixRules.sameVectors(sent2.matrix(), m1), "the matrix proposed a lag ago");
        assertTrue(MatrixRules.validSuccessor(sent2.matrix(), sent1.matrix()));
        assertEquals(2, s.staleSent());
    }

    // ------------------------------------------------------------------ conflicting-replay and slow-view-change

    @Test
    void alternativeListsSwapOneServer() {
        long[] alt = ConflictingReplay.alternatives(0b0111, 4);
        Arrays.sort(alt);
        assertEquals(List.of(0b1011L, 0b1101L, 0b1110L), Arrays.stream(alt).boxed().toList());
        assertEquals(5 * 2, ConflictingReplay.alternatives(0b0011111, 7).length);
    }

    /** A core in view 1 (leader 1) that emits (or retransmits) its REPLAY every step. */
    private static final class ReplayingCore implements ReplicaCore {
        final Frame replay;

        ReplayingCore(Fixture fx) {
            replay = fx.signedBy(1, new Replay(1, 0b0111, 5, new byte[8], 1));
        }

        @Override
        public int id() {
            return 1;
        }

        @Override
        public Outputs step(List<Input> inputs, long nowNanos) {
            // No wakeup of its own, so the replica's next wakeup is the held REPLAY's release.
            return new Outputs(List.of(Outbound.toReplicas(replay, 0b1101)), List.of(), List.of(), Long.MAX_VALUE);
        }

        @Override
        public Rejections rejections() {
            return new Rejections();
        }

        @Override
        public ReplicaStatus status() {
            return new ReplicaStatus(1, 1, 0, 0, 0, List.of());
        }
    }

    @Test
    void slowViewChangeWithholdsTheReplayForASecond() {
        Fixture fx = new Fixture(1, 1, 1L << 1);
        ReplayingCore core = new ReplayingCore(fx);
        AttackContext ctx = new AttackContext(fx.config, 1, 1L << 1, fx.keys.replicaSigner(1), new Hasher(), core);
        ByzantineReplica r = new ByzantineReplica(core, new SlowViewChange(ctx));
        Outputs first = r.step(List.of(), 10 * MS);
        assertTrue(first.messages().isEmpty());
        assertEquals(1, r.heldMessages());
        assertEquals(1_010 * MS, first.nextWakeupNanos(), "held for a second (TAT_acceptable unknown here)");
        assertTrue(r.step(List.of(), 510 * MS).messages().isEmpty(), "the core's retransmission is dropped meanwhile");
        Outputs released = r.step(List.of(), 1_010 * MS);
        assertEquals(2, released.messages().size(), "the held REPLAY, and the core's copy of this step");
        assertNotEquals(0, released.messages().get(0).replicaMask());
    }
}
