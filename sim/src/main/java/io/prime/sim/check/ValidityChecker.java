package io.prime.sim.check;

import io.prime.core.crypto.Digest;
import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;

import java.util.HashMap;
import java.util.Map;

/**
 * VALIDITY (paper Definition 2.2): only an update that a client signed and submitted may be executed, with exactly
 * the content the client signed.
 */
public final class ValidityChecker {
    private final Map<UpdateId, Digest> submitted = new HashMap<>();
    private final boolean[] correct;

    public ValidityChecker(boolean[] correctReplicas) {
        this.correct = correctReplicas.clone();
    }

    public void onSubmitted(UpdateId id, Digest digest) {
        submitted.put(id, digest);
    }

    public void onExecuted(int replica, Executed e) {
        if (!correct[replica]) {
            return;
        }
        Digest expected = submitted.get(e.update());
        if (expected == null) {
            throw new InvariantViolation("VALIDITY", "replica " + replica + " executed " + e.update()
                    + ", which no client submitted");
        }
        if (!expected.equals(e.updateDigest())) {
            throw new InvariantViolation("VALIDITY", "replica " + replica + " executed " + e.update()
                    + " with content " + e.updateDigest() + " but the client signed " + expected);
        }
    }
}
