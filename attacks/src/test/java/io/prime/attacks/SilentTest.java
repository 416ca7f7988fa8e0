package io.prime.attacks;

import io.prime.core.message.PoAck;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SilentTest {
    @Test
    void sendsNothingAndHearsNothing() {
        Fixture fx = new Fixture(1, 3, 1L << 3);
        Silent s = new Silent();
        Outbound o = Outbound.toReplicas(fx.signedBy(3, new PoAck(3, List.of())), 0b0111);
        assertTrue(Fixture.run(s, Fixture.outputs(o), 0).isEmpty());
        assertTrue(s.inputs(List.of(new Input.FromReplica(0, fx.signedBy(0, new PoAck(0, List.of()))), Input.TICK), 0).isEmpty());
    }
}
