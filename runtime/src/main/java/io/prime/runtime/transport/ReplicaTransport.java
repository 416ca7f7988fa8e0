package io.prime.runtime.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.prime.core.codec.Frame;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.Signer;
import io.prime.core.replica.Outbound;
import io.prime.core.traffic.TrafficClass;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ReplicaEndpoint;
import io.prime.runtime.config.TransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A replica's network: one listening port for replicas and clients, one long-lived connection per pair of replicas
 * (the lower id dials, redialling with exponential backoff), a signed handshake on every connection
 * ({@link Handshake}), length-prefixed frames bounded by {@link TransportConfig#maxFrameBytes()}, and per-peer
 * outgoing queues by traffic class ({@link PeerLink}). Client connections carry updates in and replies out. Inbound
 * frames of authenticated connections go to the {@link InboundSink} (the edge verification pool); the transport
 * itself never verifies protocol signatures.
 */
public final class ReplicaTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaTransport.class);
    /** Set on a channel once its handshake completed: the identity it proved. */
    public static final AttributeKey<Identity> AUTHENTICATED = AttributeKey.valueOf("prime.authenticated");

    private final int self;
    private final ClusterConfig cluster;
    private final TransportConfig config;
    private final KeyDirectory keys;
    private final Signer handshakeSigner;
    private final InboundSink sink;
    private final TransportCounters counters;
    private final SslContext serverSsl;
    private final SslContext clientSsl;
    private final EventLoopGroup group;
    private final PeerLink[] links;
    private final ConcurrentHashMap<Long, Channel> clients = new ConcurrentHashMap<>();
    private volatile Channel serverChannel;
    private volatile boolean closed;

    public ReplicaTransport(int self, ClusterConfig cluster, KeyDirectory keys, Signer handshakeSigner, InboundSink sink,
                            TransportCounters counters, SslContext serverSsl, SslContext clientSsl) {
        this.self = self;
        this.cluster = cluster;
        this.config = cluster.transport();
        this.keys = keys;
        this.handshakeSigner = new LockedSigner(handshakeSigner);
        this.sink = sink;
        this.counters = counters;
        this.serverSsl = serverSsl;
        this.clientSsl = clientSsl;
        this.group = NettySupport.newGroup(config.ioThreads(), config.nativeTransport(), "prime-io-" + self);
        this.links = new PeerLink[cluster.replicaCount()];
        for (int j = 0; j < links.length; j++) {
            if (j != self) {
                int peer = j;
                links[j] = new PeerLink(j, self < j, group.next(), config, counters, () -> dial(peer));
            }
        }
    }

    /** Binds the listening port and starts dialling the peers with higher ids. */
    public void start() throws InterruptedException {
        ReplicaEndpoint me = cluster.replica(self);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NettySupport.serverChannel(config.nativeTransport()))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMarkBytes(), config.writeBufferHighWaterMarkBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (serverSsl != null) {
                            p.addLast(serverSsl.newHandler(ch.alloc()));
                        }
                        p.addLast(new LengthPrefixDecoder(config.maxFrameBytes(), counters.oversizedFrames::increment));
                        p.addLast(LengthPrefixEncoder.INSTANCE);
                        p.addLast(HandshakeHandler.acceptor(self, handshakeSigner, keys, ReplicaTransport.this::admit,
                                ReplicaTransport.this::authenticated, counters, config.handshakeTimeoutMillis()));
                    }
                });
        // Bind the configured address itself: on a multi-homed host the replica listens where the others dial it.
        serverChannel = b.bind(new InetSocketAddress(me.host(), me.port())).sync().channel();
        LOG.info("replica {} listening on {}:{} ({} transport{})", self, me.host(), me.port(),
                NettySupport.useEpoll(config.nativeTransport()) ? "epoll" : "nio", serverSsl != null ? ", TLS" : "");
        for (PeerLink link : links) {
            if (link != null && link.dialer) {
                link.loop().execute(() -> dial(link.peer));
            }
        }
    }

    private Handshake.Refusal admit(Identity peer) {
        if (closed) {
            return Handshake.Refusal.TOO_MANY_CONNECTIONS;
        }
        if (!peer.isReplica() && clients.size() >= config.maxClientConnections() && !clients.containsKey(peer.id())) {
            return Handshake.Refusal.TOO_MANY_CONNECTIONS;
        }
        return null;
    }

    private boolean authenticated(Channel ch, Identity peer) {
        if (closed) {
            return false;
        }
        ch.attr(AUTHENTICATED).set(peer);
        InboundSink.Source source = sink.open(peer, ch);
        if (peer.isReplica()) {
            PeerLink link = links[(int) peer.id()];
            ch.pipeline().addLast(new InboundFrames(source, () -> link.detached(ch)));
            link.attach(ch);
            LOG.info("replica {}: connected to replica {} ({})", self, peer.id(), ch.remoteAddress());
        } else {
            long id = peer.id();
            ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(
                    (int) Math.min(Integer.MAX_VALUE / 2, config.clientQueueMaxBytes() / 2),
                    (int) Math.min(Integer.MAX_VALUE, config.clientQueueMaxBytes())));
            ch.pipeline().addLast(new InboundFrames(source, () -> clients.remove(id, ch)));
            Channel old = clients.put(id, ch);
            if (old != null && old != ch) {
                old.close();
            }
        }
        return true;
    }

    private void dial(int peer) {
        PeerLink link = links[peer];
        if (closed) {
            return;
        }
        ReplicaEndpoint target = cluster.replica(peer);
        Bootstrap b = new Bootstrap()
                .group(link.loop())
                .channel(NettySupport.socketChannel(config.nativeTransport()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMarkBytes(), config.writeBufferHighWaterMarkBytes()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (clientSsl != null) {
                            p.addLast(clientSsl.newHandler(ch.alloc(), target.host(), target.port()));
                        }
                        p.addLast(new LengthPrefixDecoder(config.maxFrameBytes(), counters.oversizedFrames::increment));
                        p.addLast(LengthPrefixEncoder.INSTANCE);
                        p.addLast(HandshakeHandler.connector(Identity.replica(self), peer, handshakeSigner, keys,
                                ReplicaTransport.this::authenticated, counters, config.handshakeTimeoutMillis()));
                    }
                });
        ChannelFuture f = b.connect(target.host(), target.port());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                link.scheduleRedial();
            } else {
                // A connection that closes before its handshake completes must also lead to a redial.
                f.channel().closeFuture().addListener(c -> {
                    if (!f.channel().hasAttr(AUTHENTICATED)) {
                        link.loop().execute(link::scheduleRedial);
                    }
                });
            }
        });
    }

    /** Queues frames for one peer replica (called by the core loop once per step and peer). */
    public void sendToPeer(int peer, List<Frame> frames) {
        PeerLink link = links[peer];
        if (link != null && !frames.isEmpty()) {
            link.submit(frames);
        }
    }

    /** Sends replies to clients connected here; replies to clients not connected (or not reading) are dropped. */
    public void sendToClients(List<Outbound> replies) {
        if (replies.isEmpty()) {
            return;
        }
        group.next().execute(() -> {
            for (Outbound o : replies) {
                Channel ch = clients.get(o.clientId());
                if (ch == null) {
                    counters.repliesToUnconnectedClients.increment();
                } else if (!ch.isWritable()) {
                    counters.repliesDroppedBackpressure.increment();
                } else {
                    ch.write(o.frame().bytes(), ch.voidPromise());
                    counters.sent(TrafficClass.CLIENT, o.frame().length() + LengthPrefixDecoder.PREFIX_BYTES);
                }
            }
            for (Outbound o : replies) {
                Channel ch = clients.get(o.clientId());
                if (ch != null) {
                    ch.flush();
                }
            }
        });
    }

    public boolean connected(int peer) {
        return links[peer] != null && links[peer].connected();
    }

    public int connectedPeers() {
        int n = 0;
        for (PeerLink l : links) {
            if (l != null && l.connected()) {
                n++;
            }
        }
        return n;
    }

    public int clientConnections() {
        return clients.size();
    }

    public long queuedFrames(int peer) {
        return links[peer] == null ? 0 : links[peer].queuedFrames();
    }

    public long queuedBytes(int peer, TrafficClass c) {
        return links[peer] == null ? 0 : links[peer].queuedBytes(c);
    }

    public int queuedItems(int peer, TrafficClass c) {
        return links[peer] == null ? 0 : links[peer].queuedItems(c);
    }

    public TransportCounters counters() {
        return counters;
    }

    /** The port actually bound (useful with port 0 in tests). */
    public int boundPort() {
        Channel ch = serverChannel;
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    @Override
    public void close() {
        closed = true;
        Channel s = serverChannel;
        if (s != null) {
            s.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        for (PeerLink l : links) {
            if (l != null) {
                l.close();
            }
        }
        clients.values().forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
