package io.prime.attacks;

import io.prime.core.codec.FrameCodec;
import io.prime.core.edge.Verdict;
import io.prime.core.message.AruVector;
import io.prime.core.message.PoAru;
import io.prime.core.replica.Outbound;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InconsistentAruTest {
    private static PoAru signed(Fixture fx, int sender, AruVector v) {
        return new PoAru(sender, v, fx.keys.replicaSigner(sender).sign(PoAru.signedBytes(sender, v)));
    }

    @Test
    void evenServersGetTheHonestPoAruOddOnesAValidlySignedInconsistentOne() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        InconsistentAru b = new InconsistentAru(fx.ctx);
        PoAru honest = signed(fx, 3, AruVector.of(4, 2, 7, 9));
        Outbound o = Outbound.toReplicas(FrameCodec.selfSigned(honest), 0b0111);
        List<Outbound> out = Fixture.run(b, Fixture.outputs(o), 0);
        assertEquals(2, out.size());
        assertEquals(0b0101, out.get(0).replicaMask());
        assertSame(o.frame(), out.get(0).frame());
        assertEquals(0b0010, out.get(1).replicaMask());
        PoAru forked = (PoAru) out.get(1).frame().message();
        assertFalse(forked.consistentWith(honest), forked + " vs " + honest);
        Verdict v = fx.verify(out.get(1).frame());
        assertTrue(v.accepted(), "re-signed with the faulty server's own key: " + v);
    }

    @Test
    void nothingToForkWhileEveryEntryIsZeroAndOtherMessagesPass() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        InconsistentAru b = new InconsistentAru(fx.ctx);
        assertNull(InconsistentAru.inconsistentWith(AruVector.zeros(4)));
        Outbound zero = Outbound.toReplicas(FrameCodec.selfSigned(signed(fx, 3, AruVector.zeros(4))), 0b0111);
        Outbound relayed = Outbound.toReplicas(FrameCodec.selfSigned(signed(fx, 1, AruVector.of(1, 1, 1, 1))), 0b0111);
        assertEquals(List.of(zero, relayed), Fixture.run(b, Fixture.outputs(zero, relayed), 0));
    }
}
