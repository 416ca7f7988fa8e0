package io.prime.runtime.transport;

import io.netty.channel.Channel;

/** Where the transport hands the frames of authenticated connections (the replica's edge verification pool). */
public interface InboundSink {
    /** A connection authenticated as {@code peer}; the returned source receives its frames in order. */
    Source open(Identity peer, Channel channel);

    /** The frames of one connection. Called on the connection's event loop. */
    interface Source {
        void offer(byte[] frame);

        void closed();
    }
}
