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

    /**
     * Trimmed once longer than {@code keep}, to what the slowest correct replica has not passed: entries kept long
     * enough to be promoted were most of what a long run's collector had to copy. A run with restarts keeps more, as a
     * restarted replica executes again from its last snapshot and that is compared too.
     */
    private final int keep;
    private int trimAt;
    private final List<Entry> canonical = new ArrayList<>();
    private long offset; // canonical.get(0) has index offset + 1
    private final long[] lastIndex;
    private final boolean[] correct;

    public SafetyChecker(boolean[] correctReplicas) {
        this(correctReplicas, 4_096);
    }

    public SafetyChecker(boolean[] correctReplicas, int keep) {
        this.keep = keep;
        this.trimAt = keep;
        this.correct = correctReplicas.clone();
        this.lastIndex = new long[correctReplicas.length];
    }

    /**
     * Checks one execution; returns true when it is the first execution of its index by a correct replica (it then
     * defines the canonical update there, which the other checkers need to examine only once).
     */
    public boolean onExecuted(int replica, Executed e) {
        if (!correct[replica]) {
            return false;
        }
        long index = e.executionIndex();
        if (index != lastIndex[replica] + 1) {
            throw new InvariantViolation("SAFETY", "replica " + replica + " executed index " + index
                    + " right after index " + lastIndex[replica]);
        }
        lastIndex[replica] = index;
        long position = index - offset - 1;
        if (position < 0) {
            // Only a restarted replica goes back this far (past what the checker keeps): compared when first executed.
            return false;
        }
        if (position < canonical.size()) {
            Entry c = canonical.get((int) position);
            if (!c.update.equals(e.update())) {
                throw new InvariantViolation("SAFETY", "replica " + replica + " executed " + e.update()
                        + " as update #" + index + " but replica " + c.firstReplica + " executed " + c.update
                        + (c.update.id().equals(e.updateId()) ? " with other content" : "") + " there");
            }
            return false;
        }
        canonical.add(new Entry(e.update(), replica));
        if (canonical.size() > trimAt) {
            trim();
            trimAt = Math.max(keep, 2 * canonical.size()); // amortised: a lagging replica keeps what it still needs
        }
        return true;
    }

    private void trim() {
        long slowest = Long.MAX_VALUE;
        for (int r = 0; r < correct.length; r++) {
            if (correct[r]) {
                slowest = Math.min(slowest, lastIndex[r]);
            }
        }
        long drop = Math.min(slowest - offset, canonical.size());
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
