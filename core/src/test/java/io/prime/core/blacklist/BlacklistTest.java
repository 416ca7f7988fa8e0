package io.prime.core.blacklist;

import io.prime.core.RejectReason;
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
import io.prime.core.message.AruVector;
import io.prime.core.message.BlacklistProof;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrimeMessages;
import io.prime.core.preorder.LastPoAru;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.ReplicaContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §4.2: finding, verifying and spreading proofs; what blacklisting freezes. */
class BlacklistTest {
    private final TestKeys keys = new TestKeys(new SimulatedSignatureScheme(32), 4, 1, 3);
    private final PrimeConfig config = PrimeConfig.builder(1).build();

    private PoAru signed(int sender, long... v) {
        AruVector vector = AruVector.of(v);
        return new PoAru(sender, vector, keys.replicaSigner(sender).sign(PoAru.signedBytes(sender, vector)));
    }

    private final class Server {
        final ReplicaContext ctx = new ReplicaContext(config, 1, new Hasher(), keys.replicaSigner(1));
        final LastPoAru last = new LastPoAru(4);
        final Blacklist blacklist = new Blacklist(ctx, last);

        Server() {
            last.setInconsistencyListener(blacklist::inconsistent);
        }

        List<Outbound> sent() {
            return ctx.outbox.seal(ctx.signer, ctx.hasher);
        }
    }

    @Test
    void anInconsistentPairInLastPoAruBlacklistsFreezesAndBroadcastsTheProof() {
        Server s = new Server();
        PoAru a = signed(3, 2, 0, 0, 0);
        PoAru b = signed(3, 0, 2, 0, 0);
        assertEquals(LastPoAru.Offer.ADOPTED, s.last.offer(a));
        assertEquals(LastPoAru.Offer.INCONSISTENT, s.last.offer(b));
        assertEquals(List.of(3), s.blacklist.servers());
        assertEquals(LastPoAru.Offer.FROZEN, s.last.offer(signed(3, 9, 9, 9, 9)), "its row is frozen");
        assertEquals(a, s.last.row(3));
        List<Outbound> out = s.sent();
        assertEquals(1, out.size());
        BlacklistProof proof = (BlacklistProof) out.get(0).frame().message();
        assertEquals(3, proof.accused());
        assertTrue(proof.provesInconsistency());
        assertEquals(s.ctx.outbox.allOthers(), out.get(0).replicaMask());
    }

    @Test
    void aReceivedProofIsCheckedThenSpreadOnce() {
        Server s = new Server();
        PoAru a = signed(2, 2, 0, 0, 0);
        PoAru b = signed(2, 0, 2, 0, 0);
        s.blacklist.onProof(new BlacklistProof(0, signed(2, 1, 1, 0, 0), signed(2, 2, 1, 0, 0)));
        assertEquals(1, s.ctx.rejections.get(RejectReason.INVALID), "a consistent pair proves nothing");
        assertTrue(s.blacklist.servers().isEmpty());
        s.blacklist.onProof(new BlacklistProof(0, a, b));
        assertEquals(List.of(2), s.blacklist.servers());
        assertEquals(1, s.sent().size(), "forwarded so every correct server gets it");
        s.blacklist.onProof(new BlacklistProof(3, b, a));
        assertEquals(1, s.ctx.rejections.get(RejectReason.DUPLICATE));
        assertTrue(s.sent().isEmpty());
    }

    @Test
    void coverageTestBlacklistsBeforeComparing() {
        Server s = new Server();
        PoAru m1 = signed(3, 2, 0, 0, 1);
        PoAru m2 = signed(3, 0, 2, 0, 1);
        PoAruMatrix pm = PoAruMatrix.of(new PoAru[] {null, null, null, m1});
        PoAruMatrix pp = PoAruMatrix.of(new PoAru[] {null, null, null, m2});
        assertTrue(s.blacklist.covers(pp, pm));
        assertTrue(s.blacklist.isBlacklisted(3));
        assertEquals(1, s.sent().size());
    }

    @Test
    void theEdgeChecksBothSignaturesOfAProof() {
        WireLimits limits = WireLimits.defaults(4, 1);
        InboundVerifier verifier = new InboundVerifier(new FrameCodec(PrimeMessages.registry(), limits), keys.directory(),
                new Hasher(), new LruVerificationCache(64));
        PoAru a = signed(3, 2, 0, 0, 0);
        PoAru b = signed(3, 0, 2, 0, 0);
        Frame good = FrameCodec.signBatch(List.of(new BlacklistProof(0, a, b)), keys.replicaSigner(0), new Hasher()).get(0);
        assertTrue(verifier.verify(good.bytes()).accepted());
        // The second PO-ARU's signature is by server 2, not the accused.
        PoAru forged = new PoAru(3, b.vector(), keys.replicaSigner(2).sign(PoAru.signedBytes(3, b.vector())));
        Frame bad = FrameCodec.signBatch(List.of(new BlacklistProof(0, a, forged)), keys.replicaSigner(0), new Hasher()).get(0);
        Verdict v = verifier.verify(bad.bytes());
        assertFalse(v.accepted());
        assertEquals(RejectReason.BAD_SIGNATURE, v.reason());
    }
}
