package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.traffic.TrafficClass;

/**
 * One message type: its wire id, its paper name, how it is authenticated, its traffic class and its body decoder.
 * Protocols register their kinds in a {@link MessageRegistry}.
 */
public record MessageKind(int id, String name, AuthKind auth, TrafficClass trafficClass, BodyDecoder decoder) {
    public MessageKind {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("message kind id must be in [1, 255]: " + id);
        }
    }

    @FunctionalInterface
    public interface BodyDecoder {
        Message decode(WireReader reader, WireLimits limits) throws MalformedFrameException;
    }

    @Override
    public String toString() {
        return name;
    }
}
