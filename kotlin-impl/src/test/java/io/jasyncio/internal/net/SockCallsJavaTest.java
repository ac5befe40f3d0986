package io.jasyncio.internal.net;

import static io.jasyncio.Asyncio.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.net.Datagram;
import io.jasyncio.net.NameInfo;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CPython test_sock_lowlevel restated for the Java face: the sock_* loop calls as Java tasks, cancelled at each point. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SockCallsJavaTest {
  static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /** Lets a Java task and the loop call's own task it awaits take their first steps (they wait then). */
  static void settle() throws Exception {
    for (int i = 0; i < 3; i++) await(Asyncio.sleep(0));
  }

  /** A connected pair of non-blocking channels: [server side, client side]. */
  static SocketChannel[] pair(EventLoop loop) throws Exception {
    try (ServerSocketChannel srv = ServerSocketChannel.open()) {
      srv.bind(LOOPBACK);
      srv.configureBlocking(false);
      SocketChannel cli = SocketChannel.open();
      cli.configureBlocking(false);
      Task<SocketChannel> accepted = Asyncio.createTask(() -> loop.sockAccept(srv));
      await(loop.sockConnect(cli, srv.getLocalAddress()));
      SocketChannel s = await(accepted);
      assertTrue(!s.isBlocking());
      assertEquals(cli.getLocalAddress(), s.getRemoteAddress());
      return new SocketChannel[] {s, cli};
    }
  }

  @Test
  void connectAcceptSendallRecv_roundTrip_andEofIsEmpty() {
    String out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      SocketChannel[] p = pair(loop);
      Task<byte[]> recv = Asyncio.createTask(() -> loop.sockRecv(p[0], 1024)); // waits: nothing sent yet
      settle();
      await(loop.sockSendall(p[1], "hello world".getBytes(UTF_8)));
      String got = new String(await(recv), UTF_8);
      ByteBuffer into = ByteBuffer.allocate(16);
      await(loop.sockSendall(p[1], ByteBuffer.wrap("into".getBytes(UTF_8))));
      assertEquals(4, await(loop.sockRecvInto(p[0], into)));
      p[1].close();
      assertEquals(0, await(loop.sockRecv(p[0], 10)).length);
      assertEquals(0, await(loop.sockRecvInto(p[0], ByteBuffer.allocate(4))));
      p[0].close();
      NetTestSupport.assertNoRegistrations(loop);
      return got + " " + new String(into.array(), 0, into.position(), UTF_8);
    }));
    assertEquals("hello world into", out);
  }

  @Test
  void recv_cancelledWhileWaiting_orAfterTheWakeUp_consumesNothing() {
    String out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      SocketChannel[] p = pair(loop);
      // 1. cancelled while waiting
      Task<byte[]> r1 = Asyncio.createTask(() -> loop.sockRecv(p[0], 100));
      settle();
      r1.cancel();
      assertThrows(CancellationException.class, () -> await(r1));
      // 2. woken (the bytes are there and the selector will report them), then cancelled before its step
      Task<byte[]> r2 = Asyncio.createTask(() -> loop.sockRecv(p[0], 100));
      settle();
      p[1].write(ByteBuffer.wrap("abc".getBytes(UTF_8)));
      r2.cancel();
      assertThrows(CancellationException.class, () -> await(r2));
      // 3. recv_into cancelled: the buffer is untouched
      ByteBuffer buf = ByteBuffer.allocate(8);
      Task<Integer> r3 = Asyncio.createTask(() -> loop.sockRecvInto(p[0], buf));
      r3.cancel();
      assertThrows(CancellationException.class, () -> await(r3));
      assertEquals(0, buf.position());
      p[1].write(ByteBuffer.wrap("def".getBytes(UTF_8)));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (all.size() < 6) all.writeBytes(await(loop.sockRecv(p[0], 100)));
      p[0].close();
      p[1].close();
      NetTestSupport.assertNoRegistrations(loop);
      return all.toString(UTF_8);
    }));
    assertEquals("abcdef", out);
  }

  @Test
  void sendall_cancelledMidway_theBufferPositionIsExactlyWhatThePeerGets() {
    long[] out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      SocketChannel[] p = pair(loop);
      ByteBuffer data = ByteBuffer.allocate(32 << 20); // far more than the socket buffers hold
      Task<Void> send = Asyncio.createTask(() -> loop.sockSendall(p[1], data));
      await(Asyncio.sleep(0.05)); // the peer does not read: the send waits for room
      assertTrue(data.position() > 0 && data.hasRemaining(), "partially sent: " + data.position());
      send.cancel();
      assertThrows(CancellationException.class, () -> await(send));
      long sent = data.position();
      p[1].close();
      long got = 0;
      while (true) {
        byte[] b = await(loop.sockRecv(p[0], 1 << 20));
        if (b.length == 0) break;
        got += b.length;
      }
      p[0].close();
      NetTestSupport.assertNoRegistrations(loop);
      return new long[] {sent, got};
    }));
    assertEquals(out[0], out[1]);
  }

  @Test
  void recvfromSendto_roundTrip_cancelledRecvfromLosesNoDatagram() {
    String out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
        a.bind(LOOPBACK).configureBlocking(false);
        b.bind(LOOPBACK).configureBlocking(false);
        Task<Datagram> r1 = Asyncio.createTask(() -> loop.sockRecvfrom(a, 100));
        settle();
        b.send(ByteBuffer.wrap("one".getBytes(UTF_8)), a.getLocalAddress()); // arrives now, on loopback
        r1.cancel(); // ready, cancelled before its step: the datagram stays queued
        assertThrows(CancellationException.class, () -> await(r1));
        Datagram d = await(loop.sockRecvfrom(a, 100));
        assertEquals(b.getLocalAddress(), d.address());
        // truncated to bufsize, as recvfrom
        assertEquals(9, await(loop.sockSendto(b, ByteBuffer.wrap("truncated".getBytes(UTF_8)), a.getLocalAddress())));
        Datagram t = await(loop.sockRecvfrom(a, 5));
        NetTestSupport.assertNoRegistrations(loop);
        return new String(d.data(), UTF_8) + " " + new String(t.data(), UTF_8);
      }
    }));
    assertEquals("one trunc", out);
  }

  @Test
  void connectRefused_isConnectException() {
    Throwable e = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      InetSocketAddress dead;
      try (ServerSocketChannel s = ServerSocketChannel.open()) {
        s.bind(LOOPBACK);
        dead = (InetSocketAddress) s.getLocalAddress();
      }
      try (SocketChannel c = SocketChannel.open()) {
        c.configureBlocking(false);
        try {
          await(loop.sockConnect(c, dead));
          return null;
        } catch (Exception x) {
          NetTestSupport.assertNoRegistrations(loop);
          return x;
        }
      }
    }));
    assertInstanceOf(ConnectException.class, e);
  }

  @Test
  void badInput_blockingClosedNullNegative_andTransportOwned() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      try (SocketChannel blocking = SocketChannel.open(); DatagramChannel d = DatagramChannel.open()) {
        IllegalArgumentException nb = assertThrows(IllegalArgumentException.class, () -> loop.sockRecv(blocking, 1));
        assertTrue(nb.getMessage().startsWith("the socket must be non-blocking"), nb.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.sockSendall(blocking, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> loop.sockRecvfrom(d, 1));
        assertEquals("channel", assertThrows(NullPointerException.class, () -> loop.sockRecv(null, 1)).getMessage());
        assertEquals("data", assertThrows(NullPointerException.class, () -> loop.sockSendall(blocking, (byte[]) null)).getMessage());
        assertEquals("address", assertThrows(NullPointerException.class, () -> loop.sockConnect(blocking, null)).getMessage());
        d.configureBlocking(false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> loop.sockRecvfrom(d, -1)).getMessage().contains("bufsize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> loop.sockRecv(d, -1)).getMessage().contains("nbytes"));
        SocketChannel closed = SocketChannel.open();
        closed.configureBlocking(false);
        closed.close();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> loop.sockRecv(closed, 1)).getMessage().contains("closed"));
      }
      // a transport's channel
      Server server = await(loop.createServer(() -> new Protocol() {
        @Override
        public void dataReceived(ByteBuffer data) {}
      }, "127.0.0.1", 0));
      int port = ((InetSocketAddress) NetTestSupport.localAddress(server.sockets().get(0))).getPort();
      Transport t = await(loop.createConnection(() -> new Protocol() {
        @Override
        public void dataReceived(ByteBuffer data) {}
      }, "127.0.0.1", port)).transport();
      SocketChannel owned = (SocketChannel) t.getExtraInfo("socket");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.sockRecv(owned, 1));
      assertTrue(e.getMessage().contains("is used by transport"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> loop.sockSendall(owned, new byte[1]));
      t.close();
      server.close();
      await(server.waitClosedAsync());
      NetTestSupport.settledWithoutRegistrations(loop);
      return null;
    }));
  }

  @Test
  void sockSendfile_sendsTheRange_andLeavesTheFilePositionAfterIt(@TempDir Path dir) throws Exception {
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31);
    Path f = Files.write(dir.resolve("data.bin"), content);
    byte[] got = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      SocketChannel[] p = pair(loop);
      try (FileChannel file = FileChannel.open(f, StandardOpenOption.READ)) {
        assertEquals("offset must be a non-negative integer (got -1)",
            assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(p[1], file, -1, null)).getMessage());
        assertEquals("count must be a positive integer (got 0)",
            assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(p[1], file, 0, 0L)).getMessage());
        Task<Long> send = Asyncio.createTask(() -> loop.sockSendfile(p[1], file, 1000, 250_000L));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (all.size() < 250_000) all.writeBytes(await(loop.sockRecv(p[0], 65536)));
        assertEquals(250_000L, await(send));
        assertEquals(251_000L, file.position());
        // count null: to the end of the file
        assertEquals(content.length - 299_000L, await(loop.sockSendfile(p[1], file, 299_000, null)));
        while (all.size() < 251_000) all.writeBytes(await(loop.sockRecv(p[0], 65536)));
        p[0].close();
        p[1].close();
        NetTestSupport.assertNoRegistrations(loop);
        return all.toByteArray();
      }
    }));
    byte[] want = new byte[251_000];
    System.arraycopy(content, 1000, want, 0, 250_000);
    System.arraycopy(content, 299_000, want, 250_000, 1000);
    assertArrayEquals(want, got);
  }

  @Test
  void getnameinfo_runsOffTheLoop_andRejectsAnUnresolvedAddress() {
    NameInfo n = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      assertThrows(IllegalArgumentException.class, () -> loop.getnameinfo(InetSocketAddress.createUnresolved("x", 1)));
      assertThrows(NullPointerException.class, () -> loop.getnameinfo(null));
      NameInfo info = await(loop.getnameinfo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080)));
      NetTestSupport.assertNoRegistrations(loop);
      return info;
    }));
    assertEquals(8080, n.port());
    assertTrue(!n.host().isEmpty());
  }
}
