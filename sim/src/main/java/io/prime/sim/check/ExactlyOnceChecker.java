package io.prime.sim.check;

import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/** Exactly-once: no correct replica applies the same (client, request number) twice. */
public final class ExactlyOnceChecker {
    private final Map<Long, BitSet>[] executed;
    private final boolean[] correct;

    @SuppressWarnings("unchecked")
    public ExactlyOnceChecker(boolean[] correctReplicas) {
        this.correct = correctReplicas.clone();
        this.executed = new Map[correctReplicas.length];
        for (int i = 0; i < executed.length; i++) {
            executed[i] = new HashMap<>();
        }
    }

    public void onExecuted(int replica, Executed e) {
        if (!correct[replica]) {
            return;
        }
        UpdateId id = e.updateId();
        if (id.requestNumber() > Integer.MAX_VALUE) {
            throw new InvariantViolation("EXACTLY-ONCE", "request number " + id.requestNumber() + " beyond the checker's range");
        }
        BitSet seen = executed[replica].computeIfAbsent(id.clientId(), c -> new BitSet());
        int bit = (int) id.requestNumber();
        if (seen.get(bit)) {
            throw new InvariantViolation("EXACTLY-ONCE", "replica " + replica + " executed " + id + " twice (second time as update #"
                    + e.executionIndex() + ")");
        }
        seen.set(bit);
    }
}
