package io.prime.attacks;

import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoRequest;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconAttackTest {
    private static PoRequest request(int origin, long seq) {
        return new PoRequest(origin, seq, List.of(new ClientUpdate(0, seq, new byte[8], new byte[32])));
    }

    @Test
    void withholdsEachOwnPoRequestFromTheSameFCorrectServers() {
        Fixture fx = new Fixture(2, 6, (1L << 6) | (1L << 5)); // N = 7, faulty 5 and 6
        ReconAttack recon = new ReconAttack(fx.ctx);
        for (long seq = 1; seq <= 10; seq++) {
            long withheld = recon.withheldFrom(seq);
            assertEquals((1L << 3) | (1L << 4), withheld, "the f correct servers with the highest ids");
            Outbound all = Outbound.toReplicas(fx.signedBy(6, request(6, seq)), 0b0111111);
            List<Outbound> out = Fixture.run(recon, Fixture.outputs(all), 0);
            assertEquals(1, out.size());
            assertEquals(0b0111111 & ~withheld, out.get(0).replicaMask(), "still sent to the faulty peer and f+1 correct");
        }
    }

    @Test
    void aRetransmissionToAWithheldServerIsDroppedAndOtherTrafficPasses() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        ReconAttack recon = new ReconAttack(fx.ctx);
        long seq = 4;
        int victim = Long.numberOfTrailingZeros(recon.withheldFrom(seq));
        Outbound retransmit = Outbound.toReplicas(fx.signedBy(3, request(3, seq)), 1L << victim);
        Outbound ack = Outbound.toReplicas(fx.signedBy(3, new PoAck(3, List.of())), 0b0111);
        List<Outbound> out = Fixture.run(recon, Fixture.outputs(retransmit, ack), 0);
        assertEquals(1, out.size());
        assertSame(ack, out.get(0));
    }

    @Test
    void ignoresPoRequestsOfCorrectOriginsSoItNeverAcknowledgesThem() {
        Fixture fx = new Fixture(2, 6, (1L << 6) | (1L << 5));
        ReconAttack recon = new ReconAttack(fx.ctx);
        Input fromCorrect = new Input.FromReplica(0, fx.signedBy(0, request(0, 1)));
        Input fromFaulty = new Input.FromReplica(5, fx.signedBy(5, request(5, 1)));
        Input ack = new Input.FromReplica(1, fx.signedBy(1, new PoAck(1, List.of())));
        List<Input> passed = recon.inputs(List.of(fromCorrect, fromFaulty, ack, Input.TICK), 0);
        assertEquals(List.of(fromFaulty, ack, Input.TICK), passed);
        assertTrue(Behaviours.names().contains(ReconAttack.NAME));
    }
}
