package io.prime.sim.check;

import io.prime.core.crypto.Digest;
import io.prime.core.message.UpdateId;
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
    private record Entry(UpdateId id, Digest digest, int firstReplica) {
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
            if (!c.id.equals(e.update()) || !c.digest.equals(e.updateDigest())) {
                throw new InvariantViolation("SAFETY", "replica " + replica + " executed " + e.update() + " ("
                        + e.updateDigest() + ") as update #" + index + " but replica " + c.firstReplica + " executed "
                        + c.id + " (" + c.digest + ") there");
            }
        } else {
            canonical.add(new Entry(e.update(), e.updateDigest(), replica));
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

    /** Length of the canonical sequence so far. */
    public long canonicalLength() {
        return offset + canonical.size();
    }

    public long executedBy(int replica) {
        return lastIndex[replica];
    }
}
