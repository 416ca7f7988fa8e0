package io.prime.sim.net;

import io.prime.core.codec.Frame;
import io.prime.core.traffic.TrafficClass;
import io.prime.core.traffic.TrafficScheduler;

/**
 * The outgoing link of one server: one serializer of {@code bitsPerSecond} shared by all its destinations (the
 * paper's "aggregate outgoing bandwidth of each server"), with a queue per traffic class. Scheduling: ORDERING
 * first (the leader must be judged on its own speed, not on queueing behind bulk data); then PREORDER_CONTROL
 * (acknowledgements); then RECONCILIATION while it has tokens (a token bucket refilled at {@code reconciliationShare} of the bandwidth: it gets its share when
 * backlogged and never more, so it cannot starve ordering or preordering); then CLIENT replies and PREORDER in the order they were produced.
 * Pure bookkeeping ({@link TrafficScheduler}): the {@link Network} turns its decisions into events.
 */
public final class Uplink {
    /** One queued transmission. */
    public record Transmission(int to, long clientId, Frame frame, TrafficClass trafficClass, long sequence, long enqueuedNanos) {
        public byte[] bytes() {
            return frame.bytes();
        }
    }

    private final long bitsPerSecond;
    /** The scheduling rules themselves live in core, shared with the runtime's TCP writer. */
    private final TrafficScheduler<Transmission> scheduler;
    /** An event that will pick the next transmission is in the queue. */
    private boolean eventQueued;
    /** The current transmission occupies the link until then. */
    private long sendingUntilNanos = Long.MIN_VALUE;

    public Uplink(long bitsPerSecond, double reconciliationShare) {
        this.bitsPerSecond = bitsPerSecond;
        this.scheduler = TrafficScheduler.unbounded(bitsPerSecond, reconciliationShare);
    }

    public void enqueue(Transmission t) {
        scheduler.offer(t.trafficClass(), t, t.bytes().length);
    }

    public boolean eventQueued() {
        return eventQueued;
    }

    public void setEventQueued(boolean eventQueued) {
        this.eventQueued = eventQueued;
    }

    public long sendingUntilNanos() {
        return sendingUntilNanos;
    }

    public void setSendingUntilNanos(long sendingUntilNanos) {
        this.sendingUntilNanos = sendingUntilNanos;
    }

    public boolean isEmpty() {
        return scheduler.isEmpty();
    }

    public long queuedBytes() {
        return scheduler.queuedBytes();
    }

    /** Serialization time of {@code bytes} on this link. */
    public long transmitNanos(int bytes) {
        return bitsPerSecond <= 0 ? 0 : (long) Math.ceil(bytes * 8.0 * 1e9 / bitsPerSecond);
    }

    /** Picks the next transmission at {@code nowNanos}, or null if nothing may go now. */
    public Transmission next(long nowNanos) {
        return scheduler.next(nowNanos);
    }

    /** When a waiting reconciliation transmission will have enough tokens, or -1 if none waits. */
    public long reconciliationReadyAtNanos(long nowNanos) {
        return scheduler.reconciliationReadyAtNanos(nowNanos);
    }

    public long sentBytes(TrafficClass c) {
        return scheduler.sentBytes(c);
    }
}
