package io.prime.core.replica;

import io.prime.core.RejectReason;
import io.prime.core.Rejections;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;

import java.util.ArrayList;
import java.util.List;

/**
 * State shared by the sub-protocols of one replica: identity, configuration, the clock of the current step, the
 * outbox, rejection counts and the event log. Single-threaded like the rest of the core.
 */
public final class ReplicaContext {
    public final PrimeConfig config;
    public final int self;
    public final int n;
    public final int f;
    public final Hasher hasher;
    public final Signer signer;
    public final Outbox outbox;
    public final Rejections rejections = new Rejections();
    private final List<ProtocolEvent> events = new ArrayList<>();
    private final List<Executed> executed = new ArrayList<>();
    private final List<io.prime.core.durable.DurableRecord> records = new ArrayList<>();
    private long nowNanos;
    private long view;

    public ReplicaContext(PrimeConfig config, int self, Hasher hasher, Signer signer) {
        if (self < 0 || self >= config.replicas) {
            throw new IllegalArgumentException("replica id " + self + " outside 0.." + (config.replicas - 1));
        }
        this.config = config;
        this.self = self;
        this.n = config.replicas;
        this.f = config.faults;
        this.hasher = hasher;
        this.signer = signer;
        this.outbox = new Outbox(self, n);
    }

    public long now() {
        return nowNanos;
    }

    void setNow(long nowNanos) {
        this.nowNanos = nowNanos;
    }

    public long view() {
        return view;
    }

    public void setView(long view) {
        this.view = view;
    }

    public int leader() {
        return config.leaderOf(view);
    }

    public boolean isLeader() {
        return leader() == self;
    }

    public void reject(RejectReason reason) {
        rejections.count(reason);
    }

    public void event(ProtocolEvent.Type type, String description) {
        events.add(new ProtocolEvent(nowNanos, self, type, description, view));
    }

    public void executed(Executed e) {
        executed.add(e);
    }

    /** Queues a record the host must store durably before this step's messages leave. */
    public void durable(io.prime.core.durable.DurableRecord r) {
        records.add(r);
    }

    List<io.prime.core.durable.DurableRecord> drainRecords() {
        if (records.isEmpty()) {
            return List.of();
        }
        List<io.prime.core.durable.DurableRecord> out = List.copyOf(records);
        records.clear();
        return out;
    }

    /** Drops whatever this step produced so far (a restart re-running its own history must not repeat it). */
    void discardOutputs() {
        records.clear();
        executed.clear();
        events.clear();
        outbox.clear();
    }

    List<ProtocolEvent> drainEvents() {
        List<ProtocolEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    List<Executed> drainExecuted() {
        List<Executed> out = List.copyOf(executed);
        executed.clear();
        return out;
    }

    /** A mask with every replica set. */
    public long allReplicas() {
        return n == 64 ? -1L : (1L << n) - 1;
    }
}
