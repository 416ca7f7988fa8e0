package io.prime.runtime.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.prime.core.codec.Frame;
import io.prime.core.traffic.TrafficClass;
import io.prime.core.traffic.TrafficScheduler;
import io.prime.runtime.config.TransportConfig;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The one long-lived connection to one peer replica, and what waits to be sent on it. Outgoing frames queue per
 * traffic class in a bounded {@link TrafficScheduler} (ordering first, reconciliation within its share, then client
 * and preordering traffic in production order); frames are moved to the socket only while it is writable, so the
 * priority order, not the socket buffer, decides what goes next. A full class queue drops new frames and counts them
 * (the core never waits for a slow peer; the protocol's retransmission repairs). Everything here runs on one event
 * loop; {@link #submit} may be called from any thread.
 */
final class PeerLink {
    private record Queued(byte[] bytes, TrafficClass trafficClass) {
    }

    final int peer;
    final boolean dialer;
    private final EventLoop loop;
    private final TransportConfig config;
    private final TransportCounters counters;
    private final TrafficScheduler<Queued> scheduler;
    private final Runnable dial;
    private volatile Channel channel;
    private volatile boolean closed;
    private int backoffMillis;
    private boolean reconciliationTimer;
    private boolean redialPending;
    private volatile long framesQueued;

    PeerLink(int peer, boolean dialer, EventLoop loop, TransportConfig config, TransportCounters counters, Runnable dial) {
        this.peer = peer;
        this.dialer = dialer;
        this.loop = loop;
        this.config = config;
        this.counters = counters;
        this.dial = dial;
        this.backoffMillis = config.reconnectInitialBackoffMillis();
        this.scheduler = new TrafficScheduler<>(config.uplinkBitsPerSecond(), config.reconciliationShare(),
                64 * 1024, config.peerQueueMaxFramesPerClass(), config.peerQueueMaxBytesPerClass());
    }

    /** Queues frames for this peer (any thread). With a link delay they join the queue that much later. */
    void submit(List<Frame> frames) {
        Runnable task = () -> {
            for (Frame f : frames) {
                TrafficClass c = f.kind().trafficClass();
                if (!scheduler.offer(c, new Queued(f.bytes(), c), f.length())) {
                    counters.dropped(c);
                }
            }
            drain();
        };
        if (config.linkDelayMillis() > 0) {
            loop.schedule(task, config.linkDelayMillis(), TimeUnit.MILLISECONDS);
        } else {
            loop.execute(task);
        }
    }

    /** Moves frames to the socket while it is writable (event loop). */
    void drain() {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            framesQueued = queuedItems();
            return;
        }
        long now = System.nanoTime();
        boolean wrote = false;
        while (ch.isWritable()) {
            Queued q = scheduler.next(now);
            if (q == null) {
                break;
            }
            ch.write(q.bytes(), ch.voidPromise());
            counters.sent(q.trafficClass(), q.bytes().length + LengthPrefixDecoder.PREFIX_BYTES);
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
        long ready = scheduler.reconciliationReadyAtNanos(now);
        if (ready > now && !reconciliationTimer) {
            reconciliationTimer = true;
            loop.schedule(() -> {
                reconciliationTimer = false;
                drain();
            }, ready - now, TimeUnit.NANOSECONDS);
        }
        framesQueued = queuedItems();
    }

    private long queuedItems() {
        long n = 0;
        for (TrafficClass c : TrafficClass.values()) {
            n += scheduler.queuedItems(c);
        }
        return n;
    }

    /** A connection to this peer completed its handshake: it replaces any older one (the peer may have restarted). */
    void attach(Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
                if (ctx.channel().isWritable()) {
                    loop.execute(PeerLink.this::drain);
                }
                super.channelWritabilityChanged(ctx);
            }
        });
        loop.execute(() -> {
            if (closed) {
                ch.close();
                return;
            }
            Channel old = channel;
            channel = ch;
            backoffMillis = config.reconnectInitialBackoffMillis();
            if (old != null && old != ch) {
                old.close();
            }
            drain();
        });
    }

    /** The connection {@code ch} closed; the dialling side redials after a backoff. */
    void detached(Channel ch) {
        loop.execute(() -> {
            if (channel == ch) {
                channel = null;
                scheduleRedial();
            }
        });
    }

    /** A dial failed or the connection was lost (event loop): try again after an exponentially growing wait. */
    void scheduleRedial() {
        if (!dialer || closed || redialPending) {
            return;
        }
        redialPending = true;
        int wait = backoffMillis;
        backoffMillis = Math.min(config.reconnectMaxBackoffMillis(), backoffMillis * 2);
        int jitter = ThreadLocalRandom.current().nextInt(Math.max(1, wait / 5) + 1);
        loop.schedule(() -> {
            redialPending = false;
            if (!closed && channel == null) {
                counters.reconnectAttempts.increment();
                dial.run();
            }
        }, wait + jitter, TimeUnit.MILLISECONDS);
    }

    boolean connected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Approximate queue state for metrics (read from another thread). */
    long queuedFrames() {
        return framesQueued;
    }

    long queuedBytes(TrafficClass c) {
        return scheduler.queuedBytes(c);
    }

    int queuedItems(TrafficClass c) {
        return scheduler.queuedItems(c);
    }

    EventLoop loop() {
        return loop;
    }

    void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
