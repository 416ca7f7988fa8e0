package io.prime.pbft;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §3.2: the suspicion timeout doubles with every view change and never shrinks. */
class PbftConfigTest {
    @Test
    void timeoutDoublesPerViewFromTheInitialValue() {
        PbftConfig c = PbftConfig.builder(1).initialTimeoutMicros(300_000).build();
        assertEquals(300_000_000L, c.timeoutNanos(0));
        assertEquals(600_000_000L, c.timeoutNanos(1));
        assertEquals(2_400_000_000L, c.timeoutNanos(3));
        PbftConfig d = PbftConfig.builder(2).build();
        assertEquals(5_000_000_000L, d.timeoutNanos(0), "BFT's default: 5 s");
    }

    @Test
    void timeoutNeverShrinksAndNeverOverflows() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            long initial = 1 + random.nextLong(PbftConfig.builder(1).build().initialTimeoutMicros * 100);
            PbftConfig c = PbftConfig.builder(1 + random.nextInt(3)).initialTimeoutMicros(initial).build();
            long previous = 0;
            for (long view = 0; view < 64; view++) {
                long t = c.timeoutNanos(view);
                assertTrue(t >= previous && t > 0, "T(" + view + ") = " + t + " after " + previous);
                if (view > 0 && view <= PbftConfig.MAX_DOUBLINGS) {
                    assertEquals(2 * previous, t, "doubles at view " + view);
                }
                previous = t;
            }
        }
    }

    @Test
    void refusesInconsistentSettings() {
        assertThrows(IllegalArgumentException.class, () -> PbftConfig.builder(0).build());
        assertThrows(IllegalArgumentException.class, () -> PbftConfig.builder(1).initialTimeoutMicros(0).build());
        assertThrows(IllegalArgumentException.class, () -> PbftConfig.builder(1).checkpointInterval(64).logWindow(100).build());
        assertThrows(IllegalArgumentException.class, () -> PbftConfig.builder(1).initialTimeoutMicros(Long.MAX_VALUE / 4).build());
    }
}
