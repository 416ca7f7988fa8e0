package io.prime.core.traffic;

import java.util.ArrayDeque;

/**
 * Which queued outgoing message goes next on one outgoing link (paper §4.1 "Reconciliation", §4.2): ORDERING first
 * (the leader must be judged on its own speed, not on queueing behind bulk data); then PREORDER_CONTROL (PO-ACKs and
 * PO-ARUs must not wait behind this server's own large PO-REQUESTs); then RECONCILIATION while it has
 * tokens (a token bucket refilled at {@code reconciliationShare} of the link's bandwidth: it gets its share when
 * backlogged and never more, so it cannot starve ordering or preordering); then CLIENT replies and PREORDER in the
 * order they were queued (neither may starve the other).
 *
 * <p>Pure bookkeeping with time as a parameter: the simulator's modelled uplink and the runtime's per-peer TCP
 * writer both use it. Each class has its own bounded queue; {@link #offer} refuses (and the caller counts a drop)
 * rather than growing without limit. Not thread-safe.
 *
 * @param <T> what is queued (a frame, a transmission record)
 */
public final class TrafficScheduler<T> {
    private static final int CLASSES = TrafficClass.values().length;

    private record Entry<T>(T item, int bytes, long sequence) {
    }

    private final long bitsPerSecond;
    private final double reconciliationShare;
    private final double bucketCapacityBytes;
    private final int maxItemsPerClass;
    private final long maxBytesPerClass;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Entry<T>>[] queues = new ArrayDeque[CLASSES];
    private final long[] queuedBytesByClass = new long[CLASSES];
    private final long[] sentBytesByClass = new long[CLASSES];
    private final long[] droppedByClass = new long[CLASSES];
    private double reconciliationTokens;
    private long tokensUpdatedNanos;
    private long queuedBytes;
    private long nextSequence;

    /**
     * @param bitsPerSecond       the link's bandwidth, used only to refill reconciliation tokens (0 or less: unlimited)
     * @param reconciliationShare the share of {@code bitsPerSecond} reconciliation may use, in (0, 1]
     * @param bucketCapacityBytes the largest burst of reconciliation bytes
     * @param maxItemsPerClass    queued messages per class before {@link #offer} refuses
     * @param maxBytesPerClass    queued bytes per class before {@link #offer} refuses
     */
    public TrafficScheduler(long bitsPerSecond, double reconciliationShare, double bucketCapacityBytes,
                            int maxItemsPerClass, long maxBytesPerClass) {
        if (!(reconciliationShare > 0 && reconciliationShare <= 1)) {
            throw new IllegalArgumentException("reconciliation share must be in (0, 1]: " + reconciliationShare);
        }
        if (bucketCapacityBytes <= 0 || maxItemsPerClass < 1 || maxBytesPerClass < 1) {
            throw new IllegalArgumentException("bucket capacity and queue bounds must be positive");
        }
        this.bitsPerSecond = bitsPerSecond;
        this.reconciliationShare = reconciliationShare;
        this.bucketCapacityBytes = bucketCapacityBytes;
        this.maxItemsPerClass = maxItemsPerClass;
        this.maxBytesPerClass = maxBytesPerClass;
        this.reconciliationTokens = bucketCapacityBytes;
        for (int i = 0; i < CLASSES; i++) {
            queues[i] = new ArrayDeque<>();
        }
    }

    /** An unbounded scheduler (the simulator models queues, it does not bound them). */
    public static <T> TrafficScheduler<T> unbounded(long bitsPerSecond, double reconciliationShare) {
        return new TrafficScheduler<>(bitsPerSecond, reconciliationShare, 64 * 1024, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * Queues {@code item} of {@code bytes} bytes in class {@code c}. Returns false, and counts a drop, when the class's
     * queue is full; a message that is larger than the byte bound is still accepted into an empty queue.
     */
    public boolean offer(TrafficClass c, T item, int bytes) {
        int k = c.ordinal();
        ArrayDeque<Entry<T>> q = queues[k];
        if (!q.isEmpty() && (q.size() >= maxItemsPerClass || queuedBytesByClass[k] + bytes > maxBytesPerClass)) {
            droppedByClass[k]++;
            return false;
        }
        q.add(new Entry<>(item, bytes, nextSequence++));
        queuedBytesByClass[k] += bytes;
        queuedBytes += bytes;
        return true;
    }

    /** Picks the next item to send at {@code nowNanos}, or null if nothing may go now. */
    public T next(long nowNanos) {
        if (!queues[TrafficClass.ORDERING.ordinal()].isEmpty()) {
            return take(TrafficClass.ORDERING);
        }
        if (!queues[TrafficClass.PREORDER_CONTROL.ordinal()].isEmpty()) {
            return take(TrafficClass.PREORDER_CONTROL);
        }
        ArrayDeque<Entry<T>> recon = queues[TrafficClass.RECONCILIATION.ordinal()];
        if (!recon.isEmpty()) {
            refill(nowNanos);
            int size = recon.peek().bytes();
            if (reconciliationTokens >= Math.min(size, bucketCapacityBytes)) {
                reconciliationTokens -= size;
                return take(TrafficClass.RECONCILIATION);
            }
        }
        ArrayDeque<Entry<T>> client = queues[TrafficClass.CLIENT.ordinal()];
        ArrayDeque<Entry<T>> preorder = queues[TrafficClass.PREORDER.ordinal()];
        if (!client.isEmpty() && (preorder.isEmpty() || client.peek().sequence() < preorder.peek().sequence())) {
            return take(TrafficClass.CLIENT);
        }
        if (!preorder.isEmpty()) {
            return take(TrafficClass.PREORDER);
        }
        return null;
    }

    /** When a waiting reconciliation message will have enough tokens, or -1 if none waits. */
    public long reconciliationReadyAtNanos(long nowNanos) {
        ArrayDeque<Entry<T>> recon = queues[TrafficClass.RECONCILIATION.ordinal()];
        if (recon.isEmpty()) {
            return -1;
        }
        refill(nowNanos);
        double needed = Math.min(recon.peek().bytes(), bucketCapacityBytes) - reconciliationTokens;
        if (needed <= 0) {
            return nowNanos;
        }
        double rateBytesPerNano = reconciliationShare * bitsPerSecond / 8e9;
        return nowNanos + (long) Math.ceil(needed / rateBytesPerNano);
    }

    private void refill(long nowNanos) {
        if (bitsPerSecond <= 0) {
            reconciliationTokens = Double.MAX_VALUE;
            return;
        }
        double rateBytesPerNano = reconciliationShare * bitsPerSecond / 8e9;
        reconciliationTokens = Math.min(bucketCapacityBytes,
                reconciliationTokens + (nowNanos - tokensUpdatedNanos) * rateBytesPerNano);
        tokensUpdatedNanos = nowNanos;
    }

    private T take(TrafficClass c) {
        int k = c.ordinal();
        Entry<T> e = queues[k].poll();
        queuedBytesByClass[k] -= e.bytes();
        queuedBytes -= e.bytes();
        sentBytesByClass[k] += e.bytes();
        return e.item();
    }

    public boolean isEmpty() {
        for (ArrayDeque<Entry<T>> q : queues) {
            if (!q.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    public long queuedBytes(TrafficClass c) {
        return queuedBytesByClass[c.ordinal()];
    }

    public int queuedItems(TrafficClass c) {
        return queues[c.ordinal()].size();
    }

    public long sentBytes(TrafficClass c) {
        return sentBytesByClass[c.ordinal()];
    }

    public long dropped(TrafficClass c) {
        return droppedByClass[c.ordinal()];
    }

    /** Forgets everything queued (a connection was lost); returns how many items were discarded. */
    public int clear() {
        int n = 0;
        for (int k = 0; k < CLASSES; k++) {
            n += queues[k].size();
            queues[k].clear();
            queuedBytesByClass[k] = 0;
        }
        queuedBytes = 0;
        return n;
    }
}
