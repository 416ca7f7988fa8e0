package io.prime.attacks;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import io.prime.core.edge.Verdict;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoRequest;
import io.prime.core.message.Reconciliation;
import io.prime.core.reconcile.erasure.CauchyReedSolomon;
import io.prime.core.replica.Outbound;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GarbageTest {
    @Test
    void eachBurstHasBadSignaturesWrongDigestsAndOutOfRangeFields() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        Garbage g = new Garbage(fx.ctx);
        // Its own honest acknowledgements tell it which slots come next.
        Outbound honestAck = Outbound.toReplicas(fx.signedBy(3, new PoAck(3, List.of(new PoAck.Entry(0, 5, Digest.ZERO)))), 0b0111);
        List<Outbound> out = Fixture.run(g, Fixture.outputs(honestAck), 0);
        assertSame(honestAck, out.get(0), "honest traffic still goes out");
        Set<RejectReason> refused = EnumSet.noneOf(RejectReason.class);
        int acceptedJunk = 0;
        for (Outbound o : out.subList(1, out.size())) {
            assertEquals(0b0111, o.replicaMask(), "junk goes to every other server");
            Verdict v = fx.verify(o.frame());
            if (v.accepted()) {
                acceptedJunk++;
                PoAck wrong = (PoAck) v.frame().message();
                assertTrue(wrong.entries().stream().anyMatch(e -> e.origin() == 0 && e.poSeq() == 6 && !e.digest().equals(Digest.ZERO)),
                        "a made-up digest for the next slot: " + wrong.entries());
            } else {
                refused.add(v.reason());
            }
        }
        assertEquals(EnumSet.of(RejectReason.BAD_SIGNATURE, RejectReason.MALFORMED), refused);
        assertEquals(1, acceptedJunk);
        assertEquals(1, g.bursts());
        // Rate limited: nothing more until the period has passed.
        assertEquals(0, Fixture.run(g, Fixture.outputs(), Garbage.PERIOD_NANOS - 1).size());
        assertTrue(Fixture.run(g, Fixture.outputs(), Garbage.PERIOD_NANOS).size() > 0);
    }

    @Test
    void ownReconciliationPartsAreCorruptedButStillSigned() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        Garbage g = new Garbage(fx.ctx);
        PoRequest req = new PoRequest(0, 1, List.of(new ClientUpdate(0, 1, new byte[200], new byte[32])));
        byte[] encoded = FrameCodec.encodeUnsigned(req);
        Digest d = new Hasher().digest(DomainTag.MERKLE_LEAF, encoded, 0, encoded.length);
        byte[] part = CauchyReedSolomon.forFaults(1).encodePart(encoded, 2);
        Reconciliation honest = new Reconciliation(3, 0, 1, d, 2, encoded.length, part);
        Outbound o = Outbound.toReplicas(fx.signedBy(3, honest), 1L << 1);
        Frame sent = Fixture.run(g, Fixture.outputs(o), 0).get(0).frame();
        Verdict v = fx.verify(sent);
        assertTrue(v.accepted(), v.toString());
        Reconciliation r = (Reconciliation) v.frame().message();
        assertEquals(d, r.requestDigest());
        assertNotEquals(java.util.Arrays.toString(part), java.util.Arrays.toString(r.part()));
        // Decoding with it fails the digest check.
        byte[] data = CauchyReedSolomon.forFaults(1).decode(new int[] {0, 2},
                new byte[][] {CauchyReedSolomon.forFaults(1).encodePart(encoded, 0), r.part()}, encoded.length);
        assertNotEquals(d, new Hasher().digest(DomainTag.MERKLE_LEAF, data, 0, data.length));
    }
}
