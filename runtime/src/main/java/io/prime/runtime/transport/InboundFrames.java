package io.prime.runtime.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** After the handshake: hands each frame of the connection to its {@link InboundSink.Source}. */
final class InboundFrames extends ChannelInboundHandlerAdapter {
    private final InboundSink.Source source;
    private final Runnable onClosed;

    InboundFrames(InboundSink.Source source, Runnable onClosed) {
        this.source = source;
        this.onClosed = onClosed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof byte[] frame) {
            source.offer(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        source.closed();
        onClosed.run();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
