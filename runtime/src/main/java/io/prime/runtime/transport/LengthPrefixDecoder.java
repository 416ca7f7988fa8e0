package io.prime.runtime.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits the byte stream into frames: {@code u32 length} then that many bytes, emitted as a {@code byte[]}. A length
 * above {@code maxFrameBytes} is refused before anything is buffered: the connection is closed and the refusal
 * counted (a peer that sends it is either broken or hostile, and the stream cannot be resynchronised).
 */
public final class LengthPrefixDecoder extends ByteToMessageDecoder {
    public static final int PREFIX_BYTES = 4;

    private final int maxFrameBytes;
    private final Runnable onOversized;
    private boolean failed;

    public LengthPrefixDecoder(int maxFrameBytes, Runnable onOversized) {
        this.maxFrameBytes = maxFrameBytes;
        this.onOversized = onOversized;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.readableBytes() >= PREFIX_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxFrameBytes) {
                failed = true;
                onOversized.run();
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < PREFIX_BYTES + length) {
                return;
            }
            in.skipBytes(PREFIX_BYTES);
            byte[] frame = new byte[(int) length];
            in.readBytes(frame);
            out.add(frame);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }
}
