package io.prime.pbft;

import io.prime.core.crypto.Digest;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;

/**
 * §3.1's FIFO queue of a non-leader: the updates it has forwarded to the leader but not yet executed, with a timer on
 * the FIRST one only. The timer starts when an update enters an empty queue; when the head is executed it restarts
 * for the new head if the queue is not empty; executing an update that is not the head changes nothing about the
 * timer (BFT does not stop it). When the timer expires the server votes to replace the leader.
 */
public final class PendingQueue {
    private final LinkedHashMap<Digest, Long> entries = new LinkedHashMap<>();
    private long headSinceNanos = Long.MAX_VALUE;

    /** Appends a forwarded update (no effect if already queued). Returns true if it was added. */
    public boolean add(Digest update, long nowNanos) {
        if (entries.containsKey(update)) {
            return false;
        }
        entries.put(update, nowNanos);
        if (entries.size() == 1) {
            headSinceNanos = nowNanos;
        }
        return true;
    }

    /** The update was executed: removes it; if it was the head, the timer restarts for the next one. */
    public void executed(Digest update, long nowNanos) {
        if (entries.isEmpty()) {
            return;
        }
        Digest head = entries.keySet().iterator().next();
        if (head.equals(update)) {
            entries.remove(update);
            headSinceNanos = entries.isEmpty() ? Long.MAX_VALUE : nowNanos;
        } else {
            entries.remove(update);
        }
    }

    /** A new leader was installed: the timer runs afresh for the current head (paper §5.1). */
    public void restartTimer(long nowNanos) {
        headSinceNanos = entries.isEmpty() ? Long.MAX_VALUE : nowNanos;
    }

    /** When the timer on the head expires with timeout {@code timeoutNanos}; {@link Long#MAX_VALUE} if empty. */
    public long deadlineNanos(long timeoutNanos) {
        return entries.isEmpty() ? Long.MAX_VALUE : saturatedAdd(headSinceNanos, timeoutNanos);
    }

    public long headSinceNanos() {
        return headSinceNanos;
    }

    public Digest head() {
        return entries.isEmpty() ? null : entries.keySet().iterator().next();
    }

    public boolean contains(Digest update) {
        return entries.containsKey(update);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Up to {@code max} queued updates that entered the queue at or before {@code enqueuedBy}, oldest first. */
    public List<Digest> oldest(int max, long enqueuedBy) {
        List<Digest> out = new ArrayList<>();
        Iterator<java.util.Map.Entry<Digest, Long>> it = entries.entrySet().iterator();
        while (it.hasNext() && out.size() < max) {
            java.util.Map.Entry<Digest, Long> e = it.next();
            if (e.getValue() > enqueuedBy) {
                break;
            }
            out.add(e.getKey());
        }
        return out;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
