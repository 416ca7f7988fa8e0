package io.prime.core.replica;

import io.prime.core.codec.Frame;
import io.prime.core.traffic.TrafficClass;

/**
 * A signed frame to send: to every replica in {@code replicaMask} (bit i = replica i), or to client {@code clientId}
 * when {@code clientId >= 0}. One frame may go to many destinations; hosts must not modify its bytes.
 */
public record Outbound(Frame frame, long replicaMask, long clientId) {
    public static Outbound toReplicas(Frame frame, long mask) {
        return new Outbound(frame, mask, -1);
    }

    public static Outbound toClient(Frame frame, long clientId) {
        return new Outbound(frame, 0, clientId);
    }

    public TrafficClass trafficClass() {
        return frame.kind().trafficClass();
    }

    public boolean toClient() {
        return clientId >= 0;
    }
}
