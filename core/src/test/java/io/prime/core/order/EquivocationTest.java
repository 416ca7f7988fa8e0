package io.prime.core.order;

import io.prime.core.RejectReason;
import io.prime.core.app.HashChainStateMachine;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.WireLimits;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.SimulatedThresholdScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.edge.LruVerificationCache;
import io.prime.core.message.AruVector;
import io.prime.core.message.Message;
import io.prime.core.message.NewLeader;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.PrePrepareConflict;
import io.prime.core.message.PrimeMessages;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ProtocolEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An equivocating leader (two signed PRE-PREPAREs for one view and sequence number, different contents) is proven
 * faulty: the correct server that sees both suspects it, votes NEW-LEADER and forwards the pair; a server that gets
 * the pair suspects it too; a pair that proves nothing is refused.
 */
class EquivocationTest {
    private final TestKeys keys = new TestKeys(new SimulatedSignatureScheme(32), 4, 1, 5);
    private final PrimeConfig config = PrimeConfig.builder(1).build();
    private final SimulatedThresholdScheme threshold = new SimulatedThresholdScheme(4, 3, 5);

    private PrimeReplica replica(int id) {
        return new PrimeReplica(config, id, keys.replicaSigner(id), new Hasher(), new HashChainStateMachine(), threshold,
                threshold.signer(id));
    }

    private PoAru aru(int sender, long... v) {
        AruVector vector = AruVector.of(v);
        return new PoAru(sender, vector, keys.replicaSigner(sender).sign(PoAru.signedBytes(sender, vector)));
    }

    private Frame signed(int by, Message m) {
        return FrameCodec.signBatch(List.of(m), keys.replicaSigner(by), new Hasher()).get(0);
    }

    private PrePrepare prePrepare(long view, long seq, long origin0Count) {
        PoAru[] rows = new PoAru[4];
        for (int i = 0; i < 3; i++) {
            rows[i] = aru(i, origin0Count, 0, 0, 0);
        }
        return new PrePrepare(view, seq, 0, PoAruMatrix.of(rows));
    }

    private static Outputs deliver(PrimeReplica r, int from, Frame f, long now) {
        return r.step(List.of(new Input.FromReplica(from, f)), now);
    }

    private static <T> List<T> sent(Outputs out, Class<T> type) {
        return out.messages().stream().map(Outbound::frame).map(Frame::message).filter(type::isInstance).map(type::cast).toList();
    }

    private static boolean suspected(Outputs out) {
        return out.events().stream().anyMatch(e -> e.type() == ProtocolEvent.Type.LEADER_SUSPECTED);
    }

    @Test
    void twoSignedPrePreparesForOneSeqAreAProofThatGetsTheLeaderSuspected() {
        PrimeReplica r = replica(1);
        Frame a = signed(0, prePrepare(0, 1, 1));
        Frame b = signed(0, prePrepare(0, 1, 2));
        Outputs first = deliver(r, 0, a, 1_000_000);
        assertTrue(sent(first, PrePrepareConflict.class).isEmpty());
        assertFalse(suspected(first));
        Outputs second = deliver(r, 2, b, 2_000_000); // flooded by another server
        List<PrePrepareConflict> proofs = sent(second, PrePrepareConflict.class);
        assertEquals(1, proofs.size(), "the pair is forwarded");
        assertEquals(a, proofs.get(0).first());
        assertEquals(b, proofs.get(0).second());
        assertTrue(suspected(second));
        List<NewLeader> votes = sent(second, NewLeader.class);
        assertEquals(1, votes.size());
        assertEquals(1, votes.get(0).view(), "a vote to replace the leader of view 0");

        // A third copy changes nothing: the proof is sent once per view.
        Outputs third = deliver(r, 3, signed(0, prePrepare(0, 1, 3)), 3_000_000);
        assertTrue(sent(third, PrePrepareConflict.class).isEmpty());
    }

    @Test
    void aReceivedProofGetsTheLeaderSuspectedAndIsForwardedOnce() {
        PrimeReplica r = replica(2);
        PrePrepareConflict proof = new PrePrepareConflict(1, signed(0, prePrepare(0, 4, 1)), signed(0, prePrepare(0, 4, 2)));
        Outputs out = deliver(r, 1, signed(1, proof), 1_000_000);
        assertTrue(suspected(out));
        assertEquals(1, sent(out, PrePrepareConflict.class).size());
        assertEquals(1, sent(out, NewLeader.class).size());
        Outputs again = deliver(r, 3, signed(3, new PrePrepareConflict(3, proof.first(), proof.second())), 2_000_000);
        assertTrue(sent(again, PrePrepareConflict.class).isEmpty());
        assertEquals(1, r.rejections().get(RejectReason.DUPLICATE));
    }

    @Test
    void aPairThatProvesNothingIsRefused() {
        PrimeReplica r = replica(2);
        Frame a = signed(0, prePrepare(0, 4, 1));
        List<PrePrepareConflict> bogus = List.of(
                new PrePrepareConflict(1, a, a),                                        // the same PRE-PREPARE twice
                new PrePrepareConflict(1, a, signed(0, prePrepare(0, 5, 2))),           // two sequence numbers
                new PrePrepareConflict(1, a, signed(0, prePrepare(1, 4, 2))),           // two views
                new PrePrepareConflict(1, signed(1, new PrePrepare(0, 4, 1, PoAruMatrix.empty(4))),
                        signed(1, new PrePrepare(0, 4, 1, prePrepare(0, 4, 2).matrix()))));  // not the view's leader
        long now = 1_000_000;
        for (PrePrepareConflict p : bogus) {
            Outputs out = deliver(r, 1, signed(1, p), now += 1_000_000);
            assertFalse(suspected(out), p.toString());
            assertTrue(sent(out, NewLeader.class).isEmpty());
        }
        assertEquals(bogus.size(), r.rejections().get(RejectReason.INVALID));
    }

    @Test
    void theEdgeChecksTheLeadersSignaturesInsideTheProof() {
        InboundVerifier verifier = new InboundVerifier(new FrameCodec(PrimeMessages.registry(), WireLimits.defaults(4, 1)),
                keys.directory(), new Hasher(), new LruVerificationCache(64));
        PrePrepare forged = prePrepare(0, 4, 2);
        Frame byOther = FrameCodec.signBatch(List.of(forged), keys.replicaSigner(3), new Hasher()).get(0); // claims leader 0
        PrePrepareConflict proof = new PrePrepareConflict(1, signed(0, prePrepare(0, 4, 1)), byOther);
        assertFalse(verifier.verify(signed(1, proof).bytes()).accepted(), "a PRE-PREPARE not signed by its leader");
        PrePrepareConflict good = new PrePrepareConflict(1, signed(0, prePrepare(0, 4, 1)), signed(0, prePrepare(0, 4, 2)));
        assertNotNull(verifier.verify(signed(1, good).bytes()).frame());
        assertTrue(verifier.verify(signed(1, good).bytes()).accepted());
    }
}
