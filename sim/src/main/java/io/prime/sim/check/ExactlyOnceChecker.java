package io.prime.sim.check;

import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/** Exactly-once: no correct replica applies the same (client, request number) twice. */
public final class ExactlyOnceChecker {
    /** Clients below this id are looked up in an array (a simulation numbers its clients from 0); others in a map. */
    private static final int DENSE_CLIENTS = 1 << 16;
    private final BitSet[][] dense;
    private final Map<Long, BitSet>[] sparse;
    private final boolean[] correct;

    @SuppressWarnings("unchecked")
    public ExactlyOnceChecker(boolean[] correctReplicas) {
        this.correct = correctReplicas.clone();
        this.dense = new BitSet[correctReplicas.length][];
        this.sparse = new Map[correctReplicas.length];
        for (int i = 0; i < correctReplicas.length; i++) {
            dense[i] = new BitSet[16];
            sparse[i] = new HashMap<>();
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
        BitSet seen = executedBy(replica, id.clientId());
        int bit = (int) id.requestNumber();
        if (seen.get(bit)) {
            throw new InvariantViolation("EXACTLY-ONCE", "replica " + replica + " executed " + id + " twice (second time as update #"
                    + e.executionIndex() + ")");
        }
        seen.set(bit);
    }

    private BitSet executedBy(int replica, long clientId) {
        if (clientId < 0 || clientId >= DENSE_CLIENTS) {
            return sparse[replica].computeIfAbsent(clientId, c -> new BitSet());
        }
        int c = (int) clientId;
        BitSet[] row = dense[replica];
        if (c >= row.length) {
            row = dense[replica] = Arrays.copyOf(row, Math.max(c + 1, 2 * row.length));
        }
        BitSet seen = row[c];
        if (seen == null) {
            seen = row[c] = new BitSet();
        }
        return seen;
    }
}
