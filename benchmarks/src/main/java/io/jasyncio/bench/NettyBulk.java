package io.jasyncio.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The W10 anchor on Netty: one connection streaming {@link Registry#BULK_BYTES} in
 * {@link Registry#BULK_CHUNK} writes, server and client on ONE event-loop thread (NIO or the
 * native epoll transport), the shape of the jasyncio and asyncio programs.
 *
 * <p>asyncio's {@code write(); await drain()} is Netty's writability: the client writes and
 * flushes each chunk while {@link Channel#isWritable()} (the outbound buffer is under the high
 * water mark, 64 KiB by default, as asyncio's), and resumes in {@code channelWritabilityChanged}.
 * After the last write is flushed it shuts its output down ({@code write_eof}); the server counts
 * what it read until EOF. Each chunk is a heap {@code byte[]} wrapped as a buffer, as the
 * jasyncio and asyncio programs write a {@code byte[]}/{@code bytes} (Netty copies it into a
 * pooled direct buffer to send it); {@code -Dnetty.direct=true} writes a shared direct buffer
 * instead (no copy: Netty at its best).
 *
 * <p>The server counts each received buffer without copying it (the shape of the {@code Protocol}
 * variant, {@code jasyncio-proto}). {@code -Dnetty.copy=true} makes it copy each received buffer
 * into a fresh {@code byte[]} first ({@code ByteBufUtil.getBytes}), as a program does that wants
 * arrays: the shape of a stream read, which returns a new {@code byte[]} (an informative anchor
 * for the stream variants, not the target, which is plain Netty NIO).
 */
public final class NettyBulk {
  private NettyBulk() {}

  /**
   * @param m Netty NIO's other workloads, to which W10 is added
   * @return {@code m}
   */
  static Map<String, Bench> addNio(Map<String, Bench> m) {
    m.put(Registry.BULK, () -> run(false));
    return m;
  }

  /** @return W10 on Netty's epoll transport */
  static Map<String, Bench> epoll() {
    Map<String, Bench> m = new LinkedHashMap<>();
    m.put(Registry.BULK, () -> run(true));
    return m;
  }

  static Result run(boolean epoll) throws Exception {
    if (epoll && !Epoll.isAvailable()) {
      throw new IllegalStateException("epoll unavailable", Epoll.unavailabilityCause());
    }
    long total = Registry.BULK_BYTES;
    int chunk = Registry.BULK_CHUNK;
    boolean direct = Boolean.getBoolean("netty.direct");
    boolean copy = Boolean.getBoolean("netty.copy");
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
    try {
      CompletableFuture<Long> received = new CompletableFuture<>();
      Channel server = new ServerBootstrap().group(group).channel(serverType)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInboundHandlerAdapter() {
            long n;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf b = (ByteBuf) msg;
              n += copy ? ByteBufUtil.getBytes(b).length : b.readableBytes();
              b.release();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
              received.complete(n); // EOF closes the channel (half-closure off, Netty's default)
            }

            @Override
            public boolean isSharable() {
              return true; // one connection
            }
          }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      byte[] heap = new byte[chunk];
      ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.directBuffer(chunk).writeZero(chunk));
      long[] t0 = new long[1];
      Channel client = new Bootstrap().group(group).channel(clientType)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInboundHandlerAdapter() {
            long left = total / chunk;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
              t0[0] = System.nanoTime();
              pump(ctx);
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
              pump(ctx); // drain() returned
            }

            void pump(ChannelHandlerContext ctx) {
              while (left > 0 && ctx.channel().isWritable()) {
                ByteBuf b = direct ? shared.duplicate() : Unpooled.wrappedBuffer(heap);
                if (--left == 0) {
                  ctx.writeAndFlush(b).addListener(f -> ((DuplexChannel) ctx.channel()).shutdownOutput());
                } else {
                  ctx.writeAndFlush(b);
                }
              }
            }
          }).connect(server.localAddress()).sync().channel();
      long n = received.get(300, TimeUnit.SECONDS);
      double dt = Result.secondsSince(t0[0]);
      Result.checkCount(n, total);
      client.close().sync();
      server.close().sync();
      return Result.of("bytes=" + total + ",chunk=" + chunk, total, dt)
          .with("mb_per_s", String.format(Locale.ROOT, "%.0f", total / 1048576.0 / dt))
          .with("buf", direct ? "direct" : "heap")
          .with("read", copy ? "byte[]" : "view");
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }
}
