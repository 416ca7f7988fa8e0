package io.prime.client;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.message.PrimeMessages;
import io.prime.crypto.SignatureSchemes;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.edge.ConcurrentVerificationCache;
import io.prime.runtime.transport.NettySupport;
import io.prime.runtime.transport.TlsSupport;

import java.util.concurrent.TimeUnit;

/**
 * What the clients of one process share: the event loops, the cluster's keys, TLS settings and one verification
 * cache. Replicas sign each step's replies as one Merkle batch, so when many clients of a process receive replies
 * from the same batch the batch signature is verified once for all of them. Close it after the clients.
 */
public final class ClientRuntime implements AutoCloseable {
    private final ClusterConfig cluster;
    private final SignatureScheme scheme;
    private final KeyDirectory keys;
    private final FrameCodec codec;
    private final ConcurrentVerificationCache cache = new ConcurrentVerificationCache(1 << 16);
    private final ThreadLocal<InboundVerifier> verifiers;
    private final EventLoopGroup group;
    private final SslContext ssl;
    private final boolean ownsGroup;

    public ClientRuntime(ClusterConfig cluster) {
        this(cluster, 1);
    }

    public ClientRuntime(ClusterConfig cluster, int ioThreads) {
        this.cluster = cluster;
        this.scheme = SignatureSchemes.byName(cluster.signatureScheme());
        this.keys = cluster.keyDirectory(scheme);
        this.codec = new FrameCodec(PrimeMessages.registry(), cluster.wireLimits());
        this.verifiers = ThreadLocal.withInitial(() -> new InboundVerifier(codec, keys, new Hasher(), cache));
        this.group = NettySupport.newGroup(ioThreads, cluster.transport().nativeTransport(), "prime-client-io");
        this.ownsGroup = true;
        this.ssl = cluster.transport().tlsEnabled() ? TlsSupport.client(cluster) : null;
    }

    public ClusterConfig cluster() {
        return cluster;
    }

    public SignatureScheme scheme() {
        return scheme;
    }

    public KeyDirectory keys() {
        return keys;
    }

    public FrameCodec codec() {
        return codec;
    }

    /** The calling thread's verifier (each event loop thread gets its own, all sharing one cache). */
    InboundVerifier verifier() {
        return verifiers.get();
    }

    EventLoopGroup group() {
        return group;
    }

    SslContext ssl() {
        return ssl;
    }

    @Override
    public void close() {
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
