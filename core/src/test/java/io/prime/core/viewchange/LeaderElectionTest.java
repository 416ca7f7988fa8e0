package io.prime.core.viewchange;

import io.prime.core.app.HashChainStateMachine;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.SimulatedThresholdScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.message.AruVector;
import io.prime.core.message.Message;
import io.prime.core.message.NewLeader;
import io.prime.core.message.NewLeaderProof;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.PrePrepareConflict;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that preinstalled a view shows its NEW-LEADER-PROOF again to a server that still votes for that view (its
 * broadcast proof was lost), at most once per retransmission period; a proof whose last vote was our own, signed in the
 * same step, is completed when that vote is signed.
 */
class LeaderElectionTest {
    private final TestKeys keys = new TestKeys(new SimulatedSignatureScheme(32), 4, 1, 9);
    private final PrimeConfig config = PrimeConfig.builder(1).build();
    private final SimulatedThresholdScheme threshold = new SimulatedThresholdScheme(4, 3, 9);

    private PrimeReplica replica(int id) {
        return new PrimeReplica(config, id, keys.replicaSigner(id), new Hasher(), new HashChainStateMachine(), threshold,
                threshold.signer(id));
    }

    private Frame signed(int by, Message m) {
        return FrameCodec.signBatch(List.of(m), keys.replicaSigner(by), new Hasher()).get(0);
    }

    private static Outputs deliver(PrimeReplica r, int from, Frame f, long now) {
        return r.step(List.of(new Input.FromReplica(from, f)), now);
    }

    private static List<Outbound> proofs(Outputs out) {
        return out.messages().stream().filter(o -> o.frame().message() instanceof NewLeaderProof).toList();
    }

    @Test
    void aServerStillVotingForOurViewIsShownTheProofAgain() {
        PrimeReplica r = replica(0);
        long now = 1_000_000;
        for (int voter = 1; voter <= 3; voter++) {
            deliver(r, voter, signed(voter, new NewLeader(1, voter)), now += 1_000);
        }
        assertEquals(1, r.view(), "2f+1 votes: view 1 preinstalled");
        Frame lateVote = signed(3, new NewLeader(1, 3));
        Outputs shown = deliver(r, 3, lateVote, now += 1_000_000);
        List<Outbound> p = proofs(shown);
        assertEquals(1, p.size(), "server 3 still votes for view 1: it gets the proof");
        assertEquals(1L << 3, p.get(0).replicaMask());
        NewLeaderProof proof = (NewLeaderProof) p.get(0).frame().message();
        assertEquals(1, proof.view());
        assertEquals(3, proof.votes().size());
        assertTrue(proofs(deliver(r, 3, lateVote, now += 1_000_000)).isEmpty(), "at most once per retransmission period");
        long period = config.retransmitPeriodMicros * 1_000;
        assertEquals(1, proofs(deliver(r, 3, lateVote, now + period)).size(), "again after a period");
    }

    @Test
    void aQuorumCompletedByOurOwnVoteStillYieldsAProof() {
        PrimeReplica r = replica(3);
        long now = 1_000_000;
        deliver(r, 1, signed(1, new NewLeader(1, 1)), now += 1_000);
        deliver(r, 2, signed(2, new NewLeader(1, 2)), now += 1_000);
        assertEquals(0, r.view());
        // A proof of an equivocating leader makes replica 3 vote; its own vote completes the quorum in that step.
        PoAru row = new PoAru(0, AruVector.of(1, 0, 0, 0), keys.replicaSigner(0).sign(PoAru.signedBytes(0, AruVector.of(1, 0, 0, 0))));
        PoAru row2 = new PoAru(0, AruVector.of(2, 0, 0, 0), keys.replicaSigner(0).sign(PoAru.signedBytes(0, AruVector.of(2, 0, 0, 0))));
        PrePrepareConflict conflict = new PrePrepareConflict(1,
                signed(0, new PrePrepare(0, 1, 0, PoAruMatrix.of(new PoAru[] {row, null, null, null}))),
                signed(0, new PrePrepare(0, 1, 0, PoAruMatrix.of(new PoAru[] {row2, null, null, null}))));
        deliver(r, 1, signed(1, conflict), now += 1_000);
        assertEquals(1, r.view(), "its own vote completed the quorum");
        List<Outbound> p = proofs(deliver(r, 2, signed(2, new NewLeader(1, 2)), now += 1_000_000));
        assertEquals(1, p.size(), "the proof was completed with its own signed vote and is shown to a late voter");
        NewLeaderProof proof = (NewLeaderProof) p.get(0).frame().message();
        assertEquals(3, proof.votes().size());
        assertTrue(proof.votes().stream().anyMatch(f -> ((NewLeader) f.message()).sender() == 3));
    }
}
