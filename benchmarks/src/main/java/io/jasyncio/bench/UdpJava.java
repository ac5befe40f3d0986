package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.DatagramEndpoint;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * W12 UDP ping-pong through the Java face: an echoing {@link DatagramProtocol} server and a
 * connected client that sends the next 64-byte datagram from {@code datagramReceived}, both
 * endpoints on one loop, as {@code benchmarks/src/main/python/udp_pingpong.py} does with asyncio
 * and uvloop.
 */
public final class UdpJava {
  private UdpJava() {}

  /** Echoes every datagram to its sender. */
  static final class Echo implements DatagramProtocol {
    DatagramTransport t;

    @Override
    public void connectionMade(DatagramTransport transport) {
      t = transport;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      t.sendto(data, addr);
    }
  }

  /** Sends {@code n} pings, the next one when the previous echo arrived. */
  static final class Pinger implements DatagramProtocol {
    final int n;
    final byte[] msg = new byte[Registry.UDP_SIZE];
    final CompletableFuture<Integer> done = new CompletableFuture<>();
    DatagramTransport t;
    int got;

    Pinger(int n) {
      this.n = n;
    }

    @Override
    public void connectionMade(DatagramTransport transport) {
      t = transport;
    }

    void start() {
      t.sendto(msg);
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      if (data.remaining() != msg.length) done.completeExceptionally(new AssertionError("bad echo size"));
      if (++got == n) {
        done.complete(got);
      } else {
        t.sendto(msg);
      }
    }

    @Override
    public void errorReceived(Exception exc) {
      done.completeExceptionally(exc);
    }
  }

  /** @return W12's result */
  static Result pingpong() {
    int n = Registry.UDP_TRIPS;
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      return loop.createDatagramEndpoint(Echo::new, any, null).thenCompose(server ->
          loop.createDatagramEndpoint(() -> new Pinger(n), null, (SocketAddress) server.transport().getExtraInfo("sockname"))
              .thenCompose(client -> {
                long t0 = System.nanoTime();
                client.protocol().start();
                return client.protocol().done.thenApply(got -> {
                  double dt = Result.secondsSince(t0);
                  client.transport().close();
                  server.transport().close();
                  return Result.of("trips=" + n + ",bytes=" + Registry.UDP_SIZE, got, dt);
                });
              }));
    });
  }
}
