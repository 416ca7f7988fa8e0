package io.prime.runtime.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.Signer;
import io.prime.runtime.transport.Handshake.HandshakeException;
import io.prime.runtime.transport.Handshake.Refusal;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@link Handshake} on a new connection, as the acceptor (a replica's listening side) or as the connector
 * (a replica dialling a peer with a higher id, or a client dialling a replica). On success it removes itself and
 * hands the channel and the proven identity to the {@link Listener}; on any failure it counts the refusal by reason
 * and closes the connection. Nothing but handshake frames is accepted before that.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Told about each connection that completed its handshake (on the connection's event loop). */
    public interface Listener {
        /** Returns false to refuse the peer after all (e.g. too many clients); the handler then closes it. */
        boolean authenticated(Channel channel, Identity peer);
    }

    /** Decides whether an acceptor takes a connection from {@code peer} at all (before WELCOME). */
    public interface Admission {
        Refusal admit(Identity peer);
    }

    private final boolean acceptor;
    private final int acceptorId;
    private final Identity me;
    private final Signer signer;
    private final KeyDirectory keys;
    private final Listener listener;
    private final Admission admission;
    private final TransportCounters counters;
    private final long timeoutMillis;
    private byte[] nonceA;
    private byte[] nonceC;
    private int step;
    private ScheduledFuture<?> timeout;

    private HandshakeHandler(boolean acceptor, int acceptorId, Identity me, Signer signer, KeyDirectory keys,
                             Listener listener, Admission admission, TransportCounters counters, long timeoutMillis) {
        this.acceptor = acceptor;
        this.acceptorId = acceptorId;
        this.me = me;
        this.signer = signer;
        this.keys = keys;
        this.listener = listener;
        this.admission = admission;
        this.counters = counters;
        this.timeoutMillis = timeoutMillis;
    }

    /** The listening side of replica {@code self}. */
    public static HandshakeHandler acceptor(int self, Signer signer, KeyDirectory keys, Admission admission,
                                            Listener listener, TransportCounters counters, long timeoutMillis) {
        return new HandshakeHandler(true, self, Identity.replica(self), signer, keys, listener, admission, counters, timeoutMillis);
    }

    /** The dialling side: {@code me} (a replica or a client) proves itself to replica {@code target}. */
    public static HandshakeHandler connector(Identity me, int target, Signer signer, KeyDirectory keys,
                                             Listener listener, TransportCounters counters, long timeoutMillis) {
        return new HandshakeHandler(false, target, me, signer, keys, listener, null, counters, timeoutMillis);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timeout = ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                counters.handshakeRefused(Refusal.TIMEOUT);
                ctx.close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        if (acceptor) {
            nonceA = Handshake.newNonce(RANDOM);
            ctx.writeAndFlush(Handshake.encodeChallenge(acceptorId, nonceA));
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof byte[] frame)) {
            ctx.close();
            return;
        }
        try {
            if (acceptor) {
                onHello(ctx, frame);
            } else if (step == 0) {
                onChallenge(ctx, frame);
            } else {
                onWelcome(ctx, frame);
            }
        } catch (HandshakeException e) {
            counters.handshakeRefused(e.refusal());
            ctx.close();
        }
    }

    private void onHello(ChannelHandlerContext ctx, byte[] frame) throws HandshakeException {
        if (step != 0) {
            throw new HandshakeException(Refusal.MALFORMED, "frame before the handshake completed");
        }
        step = 1;
        Handshake.Hello hello = Handshake.decodeHello(frame);
        Handshake.verifyHello(hello, acceptorId, nonceA, keys);
        Identity peer = hello.identity();
        if (peer.isReplica() && peer.id() > acceptorId) {
            // One connection per pair: the lower id dials. A higher id dialling us is misconfigured or hostile.
            throw new HandshakeException(Refusal.WRONG_DIRECTION, peer + " must wait for replica " + acceptorId + " to dial");
        }
        Refusal refusal = admission == null ? null : admission.admit(peer);
        if (refusal != null) {
            throw new HandshakeException(refusal, peer + " refused");
        }
        ctx.writeAndFlush(Handshake.encodeWelcome(acceptorId, peer, nonceA, hello.nonce(), signer));
        complete(ctx, peer);
    }

    private void onChallenge(ChannelHandlerContext ctx, byte[] frame) throws HandshakeException {
        Handshake.Challenge c = Handshake.decodeChallenge(frame);
        if (c.acceptorId() != acceptorId) {
            throw new HandshakeException(Refusal.UNKNOWN_PEER, "dialled replica " + acceptorId + " but replica "
                    + c.acceptorId() + " answered");
        }
        nonceA = c.nonce();
        nonceC = Handshake.newNonce(RANDOM);
        step = 1;
        ctx.writeAndFlush(Handshake.encodeHello(me, acceptorId, nonceA, nonceC, signer));
    }

    private void onWelcome(ChannelHandlerContext ctx, byte[] frame) throws HandshakeException {
        byte[] signature = Handshake.decodeWelcome(frame);
        Handshake.verifyWelcome(signature, acceptorId, me, nonceA, nonceC, keys);
        complete(ctx, Identity.replica(acceptorId));
    }

    private void complete(ChannelHandlerContext ctx, Identity peer) {
        cancelTimeout();
        ctx.pipeline().remove(this);
        if (listener.authenticated(ctx.channel(), peer)) {
            counters.authenticatedConnections.increment();
        } else {
            ctx.close();
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
