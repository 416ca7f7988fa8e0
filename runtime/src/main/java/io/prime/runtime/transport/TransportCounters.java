package io.prime.runtime.transport;

import io.prime.core.traffic.TrafficClass;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the transport refused, dropped and sent, for metrics and tests. Thread-safe. */
public final class TransportCounters {
    private final EnumMap<Handshake.Refusal, LongAdder> handshakeRefusals = new EnumMap<>(Handshake.Refusal.class);
    private final LongAdder[] sentBytes = adders(TrafficClass.values().length);
    private final LongAdder[] droppedFrames = adders(TrafficClass.values().length);
    public final LongAdder oversizedFrames = new LongAdder();
    public final LongAdder authenticatedConnections = new LongAdder();
    public final LongAdder repliesToUnconnectedClients = new LongAdder();
    public final LongAdder repliesDroppedBackpressure = new LongAdder();
    public final LongAdder reconnectAttempts = new LongAdder();

    public TransportCounters() {
        for (Handshake.Refusal r : Handshake.Refusal.values()) {
            handshakeRefusals.put(r, new LongAdder());
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    public void handshakeRefused(Handshake.Refusal r) {
        handshakeRefusals.get(r).increment();
    }

    public long handshakeRefusals(Handshake.Refusal r) {
        return handshakeRefusals.get(r).sum();
    }

    public Map<Handshake.Refusal, Long> handshakeRefusals() {
        EnumMap<Handshake.Refusal, Long> m = new EnumMap<>(Handshake.Refusal.class);
        handshakeRefusals.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public void sent(TrafficClass c, int bytes) {
        sentBytes[c.ordinal()].add(bytes);
    }

    public long sentBytes(TrafficClass c) {
        return sentBytes[c.ordinal()].sum();
    }

    public void dropped(TrafficClass c) {
        droppedFrames[c.ordinal()].increment();
    }

    public long droppedFrames(TrafficClass c) {
        return droppedFrames[c.ordinal()].sum();
    }
}
