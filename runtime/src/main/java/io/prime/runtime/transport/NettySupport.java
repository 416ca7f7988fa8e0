package io.prime.runtime.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Picks Linux epoll when it is available and wanted, NIO otherwise. */
public final class NettySupport {
    private NettySupport() {
    }

    public static boolean useEpoll(boolean nativeTransport) {
        return nativeTransport && Epoll.isAvailable();
    }

    public static EventLoopGroup newGroup(int threads, boolean nativeTransport, String name) {
        IoHandlerFactory factory = useEpoll(nativeTransport) ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends ServerChannel> serverChannel(boolean nativeTransport) {
        return useEpoll(nativeTransport) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel(boolean nativeTransport) {
        return useEpoll(nativeTransport) ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
