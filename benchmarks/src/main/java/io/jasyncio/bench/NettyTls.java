package io.jasyncio.bench;

import io.jasyncio.examples.TourCertificate;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The W9 anchor on Netty (NIO transport, one event-loop thread for server and clients, as the
 * kit's NettyBench) with and without an {@link SslHandler} over the JDK's SSLEngine: W9-TLS's
 * reference (issue 11). The engines come from the same {@link TourCertificate} contexts jasyncio uses,
 * configured alike (client: host name verification on, "localhost").
 */
public final class NettyTls {
  private NettyTls() {}

  /** @return W9 and W9-TLS on Netty NIO */
  static Map<String, Bench> workloads() {
    Map<String, Bench> m = new LinkedHashMap<>();
    m.put(Registry.TCP_ECHO, () -> run(null));
    m.put(Registry.TCP_ECHO_TLS, () -> run(TourCertificate.get()));
    return m;
  }

  static Result run(TourCertificate tls) throws Exception {
    int conns = Registry.ECHO_CONNS;
    int trips = Registry.ECHO_TRIPS;
    int size = Registry.ECHO_SIZE;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (tls != null) {
                SSLEngine e = tls.server.createSSLEngine();
                e.setUseClientMode(false);
                ch.pipeline().addLast(new SslHandler(e));
              }
              ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ctx.writeAndFlush(msg);
                }
              });
            }
          }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      InetSocketAddress addr = (InetSocketAddress) server.localAddress();
      CountDownLatch done = new CountDownLatch(conns);
      byte[] msg = new byte[size];
      java.util.Arrays.fill(msg, (byte) 'x');
      long t0 = System.nanoTime();
      Bootstrap client = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (tls != null) {
                SSLEngine e = tls.client.createSSLEngine("localhost", addr.getPort());
                e.setUseClientMode(true);
                SSLParameters p = e.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                e.setSSLParameters(p);
                ch.pipeline().addLast(new SslHandler(e));
              }
              ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                int trip;
                int got;

                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                  // with TLS, SslHandler holds this write until the handshake finished
                  ctx.writeAndFlush(Unpooled.wrappedBuffer(msg));
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object m) {
                  ByteBuf b = (ByteBuf) m;
                  got += b.readableBytes();
                  b.release();
                  if (got < size) {
                    return;
                  }
                  if (got != size) {
                    throw new AssertionError("bad echo");
                  }
                  got = 0;
                  if (++trip == trips) {
                    ctx.close();
                    done.countDown();
                  } else {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(msg));
                  }
                }
              });
            }
          });
      for (int i = 0; i < conns; i++) {
        client.connect(addr);
      }
      if (!done.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException("netty echo did not finish");
      }
      double s = Result.secondsSince(t0);
      server.close().sync();
      return Result.of("conns=" + conns + ",trips=" + trips + ",bytes=" + size, (long) conns * trips, s);
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }
}
