package io.prime.sim.check;

import io.prime.core.message.ClientUpdate;
import io.prime.core.replica.Executed;

import java.util.ArrayList;
import java.util.List;

/**
 * SAFETY (paper Definition 2.1): the executed sequence of every correct replica is a prefix of one canonical
 * sequence: if two correct servers execute the i-th update, the updates are identical. Also checks that each
 * replica's execution indices are contiguous. Memory is bounded by trimming the prefix every correct replica has
 * passed.
 */
public final class SafetyChecker {
    private record Entry(ClientUpdate update, int firstReplica) {
    }

    private final List<Entry> canonical = new ArrayList<>();
    private long offset; // canonical.get(0) has index offset + 1
    private final long[] lastIndex;
    private final boolean[] correct;

    public SafetyChecker(boolean[] correctReplicas) {
        this.correct = correctReplicas.clone();
        this.lastIndex = new long[correctReplicas.length];
    }

    public void onExecuted(int replica, Executed e) {
        if (!correct[replica]) {
            return;
        }
        long index = e.executionIndex();
        if (index != lastIndex[replica] + 1) {
            throw new InvariantViolation("SAFETY", "replica " + replica + " executed index " + index
                    + " right after index " + lastIndex[replica]);
        }
        lastIndex[replica] = index;
        long position = index - offset - 1;
        if (position < canonical.size()) {
            Entry c = canonical.get((int) position);
            if (!c.update.equals(e.update())) {
                throw new InvariantViolation("SAFETY", "replica " + replica + " executed " + e.update()
                        + " as update #" + index + " but replica " + c.firstReplica + " executed " + c.update
                        + (c.update.id().equals(e.updateId()) ? " with other content" : "") + " there");
            }
        } else {
            canonical.add(new Entry(e.update(), replica));
        }
        if (canonical.size() > 100_000) {
            trim();
        }
    }

    private void trim() {
        long slowest = Long.MAX_VALUE;
        for (int r = 0; r < correct.length; r++) {
            if (correct[r]) {
                slowest = Math.min(slowest, lastIndex[r]);
            }
        }
        long drop = Math.min(slowest - offset, canonical.size() / 2);
        if (drop > 0) {
            canonical.subList(0, (int) drop).clear();
            offset += drop;
        }
    }

    /** A state transfer installed a checkpoint: the replica's execution continues after {@code executionIndex}. */
    public void installed(int replica, long executionIndex) {
        if (correct[replica] && executionIndex > lastIndex[replica]) {
            lastIndex[replica] = executionIndex;
        }
    }

    /**
     * The replica restarted from its durable records with {@code executionIndex} updates executed. Going back is
     * allowed only to where its durable state says (what it executes again is compared with the canonical sequence);
     * the exactly-once checker still refuses any update it executes a second time.
     */
    public void restarted(int replica, long executionIndex) {
        if (correct[replica]) {
            lastIndex[replica] = executionIndex;
        }
    }

    /** Length of the canonical sequence so far. */
    public long canonicalLength() {
        return offset + canonical.size();
    }

    public long executedBy(int replica) {
        return lastIndex[replica];
    }
}
