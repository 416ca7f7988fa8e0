package io.prime.sim.net;

import io.prime.core.traffic.TrafficClass;

import java.util.ArrayDeque;

/**
 * The outgoing link of one server: one serializer of {@code bitsPerSecond} shared by all its destinations (the
 * paper's "aggregate outgoing bandwidth of each server"), with a queue per traffic class. Scheduling: ORDERING
 * first (the leader must be judged on its own speed, not on queueing behind bulk data); then PREORDER_CONTROL
 * (acknowledgements); then RECONCILIATION while it has tokens (a token bucket refilled at {@code reconciliationShare} of the bandwidth: it gets its share when
 * backlogged and never more, so it cannot starve ordering or preordering); then CLIENT replies and PREORDER in the order they were produced.
 * Pure bookkeeping: the {@link Network} turns its decisions into events.
 */
public final class Uplink {
    /** One queued transmission. */
    public record Transmission(int to, long clientId, byte[] bytes, TrafficClass trafficClass, long sequence) {
    }

    private final long bitsPerSecond;
    private final double reconciliationShare;
    private final double bucketCapacityBytes;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Transmission>[] queues = new ArrayDeque[TrafficClass.values().length];
    private double reconciliationTokens;
    private long tokensUpdatedNanos;
    private boolean busy;
    private long queuedBytes;
    private final long[] sentBytesByClass = new long[TrafficClass.values().length];

    public Uplink(long bitsPerSecond, double reconciliationShare) {
        if (reconciliationShare <= 0 || reconciliationShare > 1) {
            throw new IllegalArgumentException("reconciliation share must be in (0, 1]: " + reconciliationShare);
        }
        this.bitsPerSecond = bitsPerSecond;
        this.reconciliationShare = reconciliationShare;
        this.bucketCapacityBytes = 64 * 1024;
        this.reconciliationTokens = bucketCapacityBytes;
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new ArrayDeque<>();
        }
    }

    public void enqueue(Transmission t) {
        queues[t.trafficClass().ordinal()].add(t);
        queuedBytes += t.bytes().length;
    }

    public boolean busy() {
        return busy;
    }

    public void setBusy(boolean busy) {
        this.busy = busy;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /** Serialization time of {@code bytes} on this link. */
    public long transmitNanos(int bytes) {
        return bitsPerSecond <= 0 ? 0 : (long) Math.ceil(bytes * 8.0 * 1e9 / bitsPerSecond);
    }

    private void refill(long nowNanos) {
        if (bitsPerSecond <= 0) {
            reconciliationTokens = Double.MAX_VALUE;
            return;
        }
        double rateBytesPerNano = reconciliationShare * bitsPerSecond / 8e9;
        reconciliationTokens = Math.min(bucketCapacityBytes, reconciliationTokens + (nowNanos - tokensUpdatedNanos) * rateBytesPerNano);
        tokensUpdatedNanos = nowNanos;
    }

    /** Picks the next transmission at {@code nowNanos}, or null if nothing may go now. */
    public Transmission next(long nowNanos) {
        if (!queues[TrafficClass.ORDERING.ordinal()].isEmpty()) {
            return take(TrafficClass.ORDERING);
        }
        if (!queues[TrafficClass.PREORDER_CONTROL.ordinal()].isEmpty()) {
            return take(TrafficClass.PREORDER_CONTROL);
        }
        ArrayDeque<Transmission> recon = queues[TrafficClass.RECONCILIATION.ordinal()];
        if (!recon.isEmpty()) {
            refill(nowNanos);
            int size = recon.peek().bytes().length;
            if (reconciliationTokens >= Math.min(size, bucketCapacityBytes)) {
                reconciliationTokens -= size;
                return take(TrafficClass.RECONCILIATION);
            }
        }
        // Client replies and preordering share one FIFO: neither may starve the other.
        ArrayDeque<Transmission> client = queues[TrafficClass.CLIENT.ordinal()];
        ArrayDeque<Transmission> preorder = queues[TrafficClass.PREORDER.ordinal()];
        if (!client.isEmpty() && (preorder.isEmpty() || client.peek().sequence() < preorder.peek().sequence())) {
            return take(TrafficClass.CLIENT);
        }
        if (!preorder.isEmpty()) {
            return take(TrafficClass.PREORDER);
        }
        return null;
    }

    /** When a waiting reconciliation transmission will have enough tokens, or -1 if none waits. */
    public long reconciliationReadyAtNanos(long nowNanos) {
        ArrayDeque<Transmission> recon = queues[TrafficClass.RECONCILIATION.ordinal()];
        if (recon.isEmpty()) {
            return -1;
        }
        refill(nowNanos);
        double needed = Math.min(recon.peek().bytes().length, bucketCapacityBytes) - reconciliationTokens;
        if (needed <= 0) {
            return nowNanos;
        }
        double rateBytesPerNano = reconciliationShare * bitsPerSecond / 8e9;
        return nowNanos + (long) Math.ceil(needed / rateBytesPerNano);
    }

    private Transmission take(TrafficClass c) {
        Transmission t = queues[c.ordinal()].poll();
        queuedBytes -= t.bytes().length;
        sentBytesByClass[c.ordinal()] += t.bytes().length;
        return t;
    }

    public long sentBytes(TrafficClass c) {
        return sentBytesByClass[c.ordinal()];
    }
}
