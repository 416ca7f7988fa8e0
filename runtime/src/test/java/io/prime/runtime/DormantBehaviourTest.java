package io.prime.runtime;

import io.prime.core.Rejections;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dormant behaviour leaves every step to the honest core until it is switched on, then to the wrapper. */
class DormantBehaviourTest {
    /** Counts its steps and reports them as its view, so a test can tell which core answered. */
    private static final class Counting implements ReplicaCore {
        int steps;

        @Override
        public int id() {
            return 0;
        }

        @Override
        public Outputs step(List<Input> inputs, long nowNanos) {
            steps++;
            return new Outputs(List.of(), List.of(), List.of(), nowNanos + 1);
        }

        @Override
        public Rejections rejections() {
            return new Rejections();
        }

        @Override
        public ReplicaStatus status() {
            return new ReplicaStatus(steps, 0, 0, 0, 0, List.of());
        }
    }

    @Test
    void theHonestCoreRunsAloneUntilTheBehaviourIsSwitchedOn() {
        Counting honest = new Counting();
        Counting wrapped = new Counting();
        DormantBehaviour core = new DormantBehaviour(honest, wrapped);
        core.step(List.of(Input.TICK), 1);
        core.step(List.of(Input.TICK), 2);
        assertFalse(core.active());
        assertEquals(2, honest.steps);
        assertEquals(0, wrapped.steps);
        assertEquals(2, core.status().view(), "the status is the core in charge's");

        assertTrue(core.activate());
        assertFalse(core.activate(), "switched on once");
        core.step(List.of(Input.TICK), 3);
        assertEquals(2, honest.steps);
        assertEquals(1, wrapped.steps);
        assertEquals(1, core.status().view());
    }
}
