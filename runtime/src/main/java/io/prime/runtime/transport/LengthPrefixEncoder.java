package io.prime.runtime.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@code byte[]} frame as {@code u32 length} followed by the bytes. */
@ChannelHandler.Sharable
public final class LengthPrefixEncoder extends MessageToByteEncoder<byte[]> {
    public static final LengthPrefixEncoder INSTANCE = new LengthPrefixEncoder();

    private LengthPrefixEncoder() {
        super(byte[].class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, byte[] msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(LengthPrefixDecoder.PREFIX_BYTES + msg.length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] msg, ByteBuf out) {
        out.writeInt(msg.length);
        out.writeBytes(msg);
    }
}
