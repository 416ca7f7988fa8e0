package io.prime.sim.check;

import io.prime.core.message.ClientUpdate;
import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;

import java.util.HashMap;
import java.util.Map;

/**
 * VALIDITY (paper Definition 2.2): only an update that a client signed and submitted may be executed, with exactly
 * the content the client signed.
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

    public void onExecuted(int replica, Executed e) {
        if (!correct[replica]) {
            return;
        }
        ClientUpdate expected = submitted.get(e.updateId());
        if (expected == null) {
            throw new InvariantViolation("VALIDITY", "replica " + replica + " executed " + e.update()
                    + ", which no client submitted");
        }
        if (!expected.equals(e.update())) {
            throw new InvariantViolation("VALIDITY", "replica " + replica + " executed " + e.update()
                    + " with content other than what the client signed");
        }
    }
}
