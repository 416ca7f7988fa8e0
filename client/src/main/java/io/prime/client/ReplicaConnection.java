package io.prime.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.prime.core.crypto.Signer;
import io.prime.runtime.config.ReplicaEndpoint;
import io.prime.runtime.config.TransportConfig;
import io.prime.runtime.transport.HandshakeHandler;
import io.prime.runtime.transport.Identity;
import io.prime.runtime.transport.LengthPrefixDecoder;
import io.prime.runtime.transport.LengthPrefixEncoder;
import io.prime.runtime.transport.NettySupport;
import io.prime.runtime.transport.TransportCounters;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A client's connection to one replica: dialled, authenticated with the client's key (the signed handshake), and
 * redialled with exponential backoff when lost. Frames received (replies) go to {@code onFrame}.
 */
final class ReplicaConnection {
    private final Identity me;
    private final ReplicaEndpoint replica;
    private final ClientRuntime runtime;
    private final Signer signer;
    private final EventLoop loop;
    private final TransportConfig config;
    private final TransportCounters counters;
    private final BiConsumer<Integer, byte[]> onFrame;
    private final Runnable onConnected;
    private volatile Channel channel;
    private volatile boolean closed;
    private int backoffMillis;
    private boolean redialPending;

    ReplicaConnection(Identity me, ReplicaEndpoint replica, ClientRuntime runtime, Signer signer, EventLoop loop,
                      TransportCounters counters, BiConsumer<Integer, byte[]> onFrame, Runnable onConnected) {
        this.me = me;
        this.replica = replica;
        this.runtime = runtime;
        this.signer = signer;
        this.loop = loop;
        this.config = runtime.cluster().transport();
        this.counters = counters;
        this.onFrame = onFrame;
        this.onConnected = onConnected;
        this.backoffMillis = config.reconnectInitialBackoffMillis();
    }

    void dial() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(NettySupport.socketChannel(config.nativeTransport()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (runtime.ssl() != null) {
                            p.addLast(runtime.ssl().newHandler(ch.alloc(), replica.host(), replica.port()));
                        }
                        p.addLast(new LengthPrefixDecoder(config.maxFrameBytes(), counters.oversizedFrames::increment));
                        p.addLast(LengthPrefixEncoder.INSTANCE);
                        p.addLast(HandshakeHandler.connector(me, replica.id(), signer, runtime.keys(),
                                ReplicaConnection.this::authenticated, counters, config.handshakeTimeoutMillis()));
                    }
                });
        b.connect(replica.host(), replica.port()).addListener(f -> {
            if (!f.isSuccess()) {
                scheduleRedial();
            }
        });
    }

    private boolean authenticated(Channel ch, Identity peer) {
        if (closed) {
            return false;
        }
        ch.pipeline().addLast(new SimpleChannelInboundHandler<byte[]>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, byte[] msg) {
                onFrame.accept(replica.id(), msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (channel == ctx.channel()) {
                    channel = null;
                }
                scheduleRedial();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
        channel = ch;
        backoffMillis = config.reconnectInitialBackoffMillis();
        onConnected.run();
        ch.closeFuture().addListener(f -> {
            if (channel == ch) {
                channel = null;
            }
        });
        return true;
    }

    private void scheduleRedial() {
        loop.execute(() -> {
            if (closed || redialPending || channel != null) {
                return;
            }
            redialPending = true;
            int wait = backoffMillis;
            backoffMillis = Math.min(config.reconnectMaxBackoffMillis(), backoffMillis * 2);
            loop.schedule(() -> {
                redialPending = false;
                if (channel == null) {
                    dial();
                }
            }, wait + ThreadLocalRandom.current().nextInt(Math.max(1, wait / 5) + 1), TimeUnit.MILLISECONDS);
        });
    }

    /** Sends one frame if connected; returns false if not (the caller's retry covers it). */
    boolean send(byte[] frame) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            if (ch == null) {
                scheduleRedial();
            }
            return false;
        }
        ch.writeAndFlush(frame, ch.voidPromise());
        return true;
    }

    boolean connected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    int replicaId() {
        return replica.id();
    }

    void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
