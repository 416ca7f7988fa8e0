package io.prime.sim.check;

import io.prime.core.message.ClientUpdate;
import io.prime.core.replica.Executed;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The checkers forget what they no longer need (a long run must not keep every update), and still catch what they
 * exist to catch once they have forgotten it.
 */
class CheckerMemoryTest {
    private static ClientUpdate update(long client, long request, byte fill) {
        return new ClientUpdate(client, request, new byte[]{fill, fill}, new byte[16]);
    }

    @Test
    void validityForgetsAnUpdateOnceItsIndexIsCheckedAndSafetyHoldsTheOthersToIt() {
        boolean[] correct = {true, true, true};
        SafetyChecker safety = new SafetyChecker(correct, 64);
        ValidityChecker validity = new ValidityChecker(correct);
        ExactlyOnceChecker once = new ExactlyOnceChecker(correct);
        int updates = 10_000;
        for (int i = 1; i <= updates; i++) {
            ClientUpdate u = update(i % 7, i, (byte) i);
            validity.onSubmitted(u);
            for (int r = 0; r < 3; r++) {
                Executed e = new Executed(i, i, 0, i, u);
                boolean first = safety.onExecuted(r, e);
                assertEquals(r == 0, first, "only the first execution of an index is new");
                once.onExecuted(r, e);
                if (first) {
                    validity.onFirstExecuted(r, e);
                }
            }
        }
        assertEquals(0, validity.pending());
        assertEquals(updates, safety.canonicalLength());
        // A correct replica executing the same id again is caught, by exactly-once, though VALIDITY has forgotten it.
        ClientUpdate again = update(1, 1, (byte) 1);
        InvariantViolation twice = assertThrows(InvariantViolation.class,
                () -> once.onExecuted(0, new Executed(updates + 1, updates + 1, 0, updates + 1, again)));
        assertEquals("EXACTLY-ONCE", twice.invariant());
    }

    @Test
    void validityStillRefusesWhatNoClientSubmittedOrSomethingElseUnderItsId() {
        ValidityChecker validity = new ValidityChecker(new boolean[]{true, false});
        ClientUpdate u = update(3, 1, (byte) 1);
        validity.onSubmitted(u);
        // A faulty replica is not checked.
        validity.onFirstExecuted(1, new Executed(1, 1, 0, 1, update(4, 9, (byte) 0)));
        InvariantViolation changed = assertThrows(InvariantViolation.class,
                () -> validity.onFirstExecuted(0, new Executed(1, 1, 0, 1, update(3, 1, (byte) 2))));
        assertEquals("VALIDITY", changed.invariant());
        InvariantViolation invented = assertThrows(InvariantViolation.class,
                () -> validity.onFirstExecuted(0, new Executed(2, 2, 0, 2, update(5, 1, (byte) 1))));
        assertEquals("VALIDITY", invented.invariant());
    }

    @Test
    void safetyKeepsWhatALaggingReplicaStillHasToBeComparedWith() {
        boolean[] correct = {true, true};
        SafetyChecker safety = new SafetyChecker(correct, 16);
        for (int i = 1; i <= 1_000; i++) {
            safety.onExecuted(0, new Executed(i, i, 0, i, update(1, i, (byte) 1)));
        }
        // Replica 1 has executed nothing: everything is kept, and its first divergent execution is caught.
        for (int i = 1; i <= 500; i++) {
            assertFalse(safety.onExecuted(1, new Executed(i, i, 0, i, update(1, i, (byte) 1))));
        }
        InvariantViolation diverged = assertThrows(InvariantViolation.class,
                () -> safety.onExecuted(1, new Executed(501, 501, 0, 501, update(1, 501, (byte) 9))));
        assertEquals("SAFETY", diverged.invariant());
    }
}
