package io.prime.sim.check;

import io.prime.core.message.ClientUpdate;
import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;

import java.util.HashMap;
import java.util.Map;

/**
 * VALIDITY (paper Definition 2.2): only an update that a client signed and submitted may be executed, with exactly
 * the content the client signed.
 *
 * <p>Called for the first execution of each index by a correct replica ({@link SafetyChecker#onExecuted} says which):
 * SAFETY holds every other correct replica to the same update at that index, and exactly-once keeps an update from
 * being executed again at another, so an update checked here is forgotten. Memory stays bounded by the updates
 * submitted but not yet executed.
 */
public final class ValidityChecker {
    private final Map<UpdateId, ClientUpdate> submitted = new HashMap<>();
    private final boolean[] correct;

    public ValidityChecker(boolean[] correctReplicas) {
        this.correct = correctReplicas.clone();
    }

    public void onSubmitted(ClientUpdate update) {
        submitted.put(update.id(), update);
    }

    /** Checks the update a correct replica is the first to execute at its index. */
    public void onFirstExecuted(int replica, Executed e) {
        if (!correct[replica]) {
            return;
        }
        ClientUpdate expected = submitted.remove(e.updateId());
        if (expected == null) {
            throw new InvariantViolation("VALIDITY", "replica " + replica + " executed " + e.update()
                    + ", which no client submitted");
        }
        if (!expected.equals(e.update())) {
            throw new InvariantViolation("VALIDITY", "replica " + replica + " executed " + e.update()
                    + " with content other than what the client signed");
        }
    }

    /** Updates submitted and not yet executed by any correct replica. */
    public int pending() {
        return submitted.size();
    }
}
