package io.prime.sim.net;

import io.prime.core.codec.Frame;
import io.prime.core.traffic.TrafficClass;
import io.prime.sim.EventQueue;
import io.prime.sim.FaultPlan;
import io.prime.sim.SimProfile;

import java.util.SplittableRandom;

/**
 * The simulated network. Server-to-server messages queue on the sender's {@link Uplink}, are serialized at its
 * bandwidth, then take the link's latency plus seeded jitter; each directed link is FIFO unless a reordering fault
 * applies. Loss, duplication, reordering and partitions apply only during the {@link FaultPlan}'s unstable period.
 * Clients sit beside their own server (the paper: no delay or bandwidth limit between a client and its server);
 * a reply to a client of another server is charged to the sending server's uplink and takes the link latency.
 */
public final class Network {
    /** Where delivered bytes go. */
    public interface Delivery {
        void toReplica(int to, int fromReplica, long fromClient, Frame frame);

        void toClient(long client, int fromReplica, Frame frame);
    }

    private final EventQueue queue;
    private final SimProfile profile;
    private final FaultPlan faults;
    private final int servers;
    private final SplittableRandom random;
    private final Delivery delivery;
    private final Uplink[] uplinks;
    private final long[][] lastArrival;
    private final long[] sentMessages;
    private final long[] sentBytes;
    private long droppedByFaults;
    private long maxStableLatencyNanos;
    private long stableFromNanos = Long.MAX_VALUE;
    private long correctMask;
    private long transmissionSequence;

    public Network(EventQueue queue, SimProfile profile, FaultPlan faults, int servers, double reconciliationShare,
                   SplittableRandom random, Delivery delivery) {
        this.queue = queue;
        this.profile = profile;
        this.faults = faults;
        this.servers = servers;
        this.random = random;
        this.delivery = delivery;
        this.uplinks = new Uplink[servers];
        for (int i = 0; i < servers; i++) {
            uplinks[i] = new Uplink(profile.uplinkBitsPerSecond(), reconciliationShare);
        }
        this.lastArrival = new long[servers][servers];
        this.sentMessages = new long[servers];
        this.sentBytes = new long[servers];
    }

    /** Replica {@code from} sends {@code frame} to replica {@code to}. */
    public void send(int from, int to, Frame frame, TrafficClass trafficClass, long nowNanos) {
        enqueue(from, new Uplink.Transmission(to, -1, frame, trafficClass, transmissionSequence++, nowNanos), nowNanos);
    }

    /** Replica {@code from} replies to a client whose own server is {@code home}. */
    public void sendToClient(int from, long client, int home, Frame frame, long nowNanos) {
        if (from == home) {
            sentMessages[from]++;
            sentBytes[from] += frame.length();
            schedule(nowNanos + profile.clientLatencyMicros() * 1_000, new ClientArrival(client, from, frame));
        } else {
            enqueue(from, new Uplink.Transmission(-1, client, frame, TrafficClass.CLIENT, transmissionSequence++, nowNanos), nowNanos);
        }
    }

    /** A client sends to a replica: free and fast to its own server, the link latency to others. */
    public void clientSend(long client, int home, int to, Frame frame, long nowNanos) {
        long latency = (to == home ? profile.clientLatencyMicros() : profile.linkLatencyMicros()) * 1_000;
        schedule(nowNanos + latency, new ReplicaArrival(to, -1, client, frame));
    }

    private void enqueue(int from, Uplink.Transmission t, long nowNanos) {
        sentMessages[from]++;
        sentBytes[from] += t.bytes().length;
        Uplink uplink = uplinks[from];
        uplink.enqueue(t);
        if (uplink.eventQueued()) {
            return; // the link's next decision is already scheduled
        }
        if (uplink.sendingUntilNanos() > nowNanos) {
            uplink.setEventQueued(true);
            schedule(uplink.sendingUntilNanos(), new LinkFree(from));
        } else {
            startNext(from, nowNanos);
        }
    }

    /**
     * The link is free at {@code nowNanos}: picks what goes next and schedules its arrival, which is fixed once its
     * transmission starts. An event to pick again is queued only if something waits (a transmission that finds the
     * queue empty ends without one, and {@link #enqueue} notices the link is still sending): about a third fewer events.
     */
    private void startNext(int from, long nowNanos) {
        Uplink uplink = uplinks[from];
        Uplink.Transmission t = uplink.next(nowNanos);
        if (t == null) {
            long ready = uplink.reconciliationReadyAtNanos(nowNanos);
            uplink.setEventQueued(ready >= 0);
            if (ready >= 0) {
                schedule(ready, new LinkFree(from));
            }
            return;
        }
        long done = nowNanos + uplink.transmitNanos(t.bytes().length);
        uplink.setSendingUntilNanos(done);
        if (t.to() < 0) {
            schedule(done + profile.linkLatencyMicros() * 1_000, new ClientArrival(t.clientId(), from, t.frame()));
        } else {
            deliverWithFaults(from, t.to(), t.frame(), done, t.enqueuedNanos());
        }
        uplink.setEventQueued(!uplink.isEmpty());
        if (uplink.eventQueued()) {
            schedule(done, new LinkFree(from));
        }
    }

    private void deliverWithFaults(int from, int to, Frame frame, long nowNanos, long enqueuedNanos) {
        long nowMicros = nowNanos / 1_000;
        boolean faulty = faults.activeAt(nowMicros);
        for (FaultPlan.Partition p : faults.partitions()) {
            if (p.separates(from, to, nowMicros)) {
                droppedByFaults++;
                return;
            }
        }
        if (faulty && faults.lossProbability() > 0 && random.nextDouble() < faults.lossProbability()) {
            droppedByFaults++;
            return;
        }
        int copies = faulty && faults.duplicateProbability() > 0 && random.nextDouble() < faults.duplicateProbability() ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            long latency = profile.linkLatencyMicros() * 1_000;
            if (profile.jitterMicros() > 0) {
                latency += random.nextLong(profile.jitterMicros() * 1_000 + 1);
            }
            long arrival = nowNanos + latency;
            boolean reorder = faulty && faults.reorderProbability() > 0 && random.nextDouble() < faults.reorderProbability();
            if (reorder) {
                arrival += random.nextLong(faults.reorderMaxMicros() * 1_000 + 1);
            } else {
                arrival = Math.max(arrival, lastArrival[from][to]);
                lastArrival[from][to] = arrival;
            }
            schedule(arrival, new ReplicaArrival(to, from, -1, frame));
            if (enqueuedNanos >= stableFromNanos && (correctMask & (1L << from)) != 0 && (correctMask & (1L << to)) != 0) {
                // L* of §6: the largest latency between correct servers once the network is stable (queueing included).
                maxStableLatencyNanos = Math.max(maxStableLatencyNanos, arrival - enqueuedNanos);
            }
        }
    }

    private void schedule(long timeNanos, EventQueue.Event event) {
        queue.schedule(timeNanos, event);
    }

    public long sentMessages(int server) {
        return sentMessages[server];
    }

    public long sentBytes(int server) {
        return sentBytes[server];
    }

    public long sentBytes(int server, TrafficClass c) {
        return uplinks[server].sentBytes(c);
    }

    public long queuedBytes(int server) {
        return uplinks[server].queuedBytes();
    }

    /** Measure L* (§6) over messages between the correct servers in {@code correctMask} sent from {@code fromNanos} on. */
    public void measureStableLatency(long fromNanos, long correctMask) {
        this.stableFromNanos = fromNanos;
        this.correctMask = correctMask;
    }

    /** The largest one-way latency between correct servers since the network became stable (L* of §6). */
    public long maxStableLatencyNanos() {
        return maxStableLatencyNanos;
    }

    public long droppedByFaults() {
        return droppedByFaults;
    }

    // ------------------------------------------------------------------ events

    /** The uplink is free again (its transmission ended, or reconciliation tokens refilled) and something waits. */
    private final class LinkFree extends EventQueue.Event {
        private final int from;

        LinkFree(int from) {
            this.from = from;
        }

        @Override
        public void fire() {
            uplinks[from].setEventQueued(false);
            startNext(from, timeNanos());
        }

        @Override
        public String describe() {
            return "replica " + from + "'s uplink picks its next transmission";
        }
    }

    private final class ReplicaArrival extends EventQueue.Event {
        private final int to;
        private final int fromReplica;
        private final long fromClient;
        private final Frame frame;

        ReplicaArrival(int to, int fromReplica, long fromClient, Frame frame) {
            this.to = to;
            this.fromReplica = fromReplica;
            this.fromClient = fromClient;
            this.frame = frame;
        }

        @Override
        public void fire() {
            delivery.toReplica(to, fromReplica, fromClient, frame);
        }

        @Override
        public String describe() {
            return (fromReplica >= 0 ? "replica " + fromReplica : "client " + fromClient) + " -> replica " + to
                    + ": " + FrameNames.describe(frame.bytes());
        }
    }

    private final class ClientArrival extends EventQueue.Event {
        private final long client;
        private final int fromReplica;
        private final Frame frame;

        ClientArrival(long client, int fromReplica, Frame frame) {
            this.client = client;
            this.fromReplica = fromReplica;
            this.frame = frame;
        }

        @Override
        public void fire() {
            delivery.toClient(client, fromReplica, frame);
        }

        @Override
        public String describe() {
            return "replica " + fromReplica + " -> client " + client + ": " + FrameNames.describe(frame.bytes());
        }
    }
}
