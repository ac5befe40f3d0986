package io.jasyncio.internal.net;

import static io.jasyncio.Asyncio.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.net.DatagramEndpoint;
import io.jasyncio.net.DatagramOptions;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import io.jasyncio.net.WriteBufferLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython test_selector_events (datagram transport) and test_base_events (create_datagram_endpoint), restated for the Java face. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramJavaTest {
  static final InetSocketAddress ANY_LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /** Records its callbacks; echoes when {@code echo}. */
  static final class Rec implements DatagramProtocol {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> lost = new CompletableFuture<>();
    DatagramTransport transport;
    boolean echo;
    CompletableFuture<String> next = new CompletableFuture<>();
    CompletableFuture<Exception> error = new CompletableFuture<>();

    @Override
    public void connectionMade(DatagramTransport t) {
      transport = t;
      events.add("made");
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      String s = new String(b, UTF_8);
      events.add("got " + s);
      if (echo) transport.sendto(("echo " + s).getBytes(UTF_8), addr);
      CompletableFuture<String> n = next;
      next = new CompletableFuture<>();
      n.complete(s);
    }

    @Override
    public void errorReceived(Exception exc) {
      events.add("error " + exc.getClass().getSimpleName());
      error.complete(exc);
    }

    @Override
    public void connectionLost(Throwable exc) {
      events.add("lost " + exc);
      lost.complete(null);
    }
  }

  static int port(DatagramTransport t) {
    return ((InetSocketAddress) t.getExtraInfo("sockname")).getPort();
  }

  @Test
  void echo_connectedClient_unconnectedServer() {
    List<String> out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Rec srv = new Rec();
      srv.echo = true;
      DatagramEndpoint<Rec> server = await(loop.createDatagramEndpoint(() -> srv, ANY_LOCAL, null));
      assertSame(srv, server.protocol());
      assertTrue(server.transport().getExtraInfo("socket") instanceof DatagramChannel);
      assertEquals("none", server.transport().getExtraInfo("peername", "none"));
      InetSocketAddress srvAddr = (InetSocketAddress) server.transport().getExtraInfo("sockname");
      DatagramEndpoint<Rec> client = await(loop.createDatagramEndpoint(Rec::new, null, srvAddr));
      DatagramTransport ct = client.transport();
      assertEquals(srvAddr, ct.getExtraInfo("peername"));
      assertEquals(List.of("made"), client.protocol().events);
      assertEquals(new WriteBufferLimits(16384, 65536), ct.getWriteBufferLimits());
      for (int i = 0; i < 3; i++) {
        CompletableFuture<String> reply = client.protocol().next;
        ct.sendto(("ping " + i).getBytes(UTF_8));
        assertEquals("echo ping " + i, await(Asyncio.waitFor(reply, 5.0)));
      }
      assertEquals(0, ct.getWriteBufferSize());
      ct.close();
      assertTrue(ct.isClosing());
      ct.close(); // idempotent
      ct.sendto("dropped".getBytes(UTF_8)); // after close: dropped silently, as asyncio
      await(Asyncio.waitFor(client.protocol().lost, 5.0));
      server.transport().abort();
      await(Asyncio.waitFor(srv.lost, 5.0));
      NetTestSupport.settledWithoutRegistrations(loop);
      return client.protocol().events;
    }));
    assertEquals(List.of("made", "got echo ping 0", "got echo ping 1", "got echo ping 2", "lost null"), out);
  }

  @Test
  void connected_sendtoAnotherAddress_isRejected_unconnectedNeedsAnAddress() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      DatagramEndpoint<Rec> server = await(loop.createDatagramEndpoint(Rec::new, ANY_LOCAL, null));
      InetSocketAddress srvAddr = (InetSocketAddress) server.transport().getExtraInfo("sockname");
      DatagramEndpoint<Rec> client = await(loop.createDatagramEndpoint(Rec::new, null, srvAddr));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> client.transport().sendto(new byte[] {1}, new InetSocketAddress(srvAddr.getAddress(), srvAddr.getPort() == 1 ? 2 : 1)));
      assertTrue(e.getMessage().startsWith("Invalid address: must be null or " + srvAddr), e.getMessage());
      CompletableFuture<String> got = server.protocol().next;
      client.transport().sendto("same".getBytes(UTF_8), srvAddr); // the connected address itself is fine
      assertEquals("same", await(Asyncio.waitFor(got, 5.0)));
      IllegalStateException u = assertThrows(IllegalStateException.class, () -> server.transport().sendto(new byte[] {1}));
      assertTrue(u.getMessage().contains("not connected"), u.getMessage());
      assertThrows(NullPointerException.class, () -> client.transport().sendto((byte[]) null));
      client.transport().close();
      server.transport().close();
      NetTestSupport.settledWithoutRegistrations(loop);
      return null;
    }));
  }

  @Test
  void portUnreachable_reachesErrorReceived_andTheEndpointStaysOpen() throws Exception {
    int deadPort;
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(ANY_LOCAL);
      deadPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    int port = deadPort;
    Exception exc = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      DatagramEndpoint<Rec> client = await(loop.createDatagramEndpoint(Rec::new, null,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
      client.transport().sendto("anyone?".getBytes(UTF_8));
      Exception e = await(Asyncio.waitFor(client.protocol().error, 5.0));
      assertFalse(client.transport().isClosing());
      client.transport().close();
      await(Asyncio.waitFor(client.protocol().lost, 5.0));
      NetTestSupport.settledWithoutRegistrations(loop);
      return e;
    }));
    assertInstanceOf(PortUnreachableException.class, exc);
  }

  @Test
  void failingCallback_isReported_andClosesTheEndpoint() {
    List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
    String out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
      CompletableFuture<Throwable> lostWith = new CompletableFuture<>();
      DatagramEndpoint<DatagramProtocol> server = await(loop.createDatagramEndpoint(() -> new DatagramProtocol() {
        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress addr) {
          throw new IllegalStateException("boom");
        }

        @Override
        public void connectionLost(Throwable exc) {
          lostWith.complete(exc);
        }
      }, ANY_LOCAL, null));
      DatagramEndpoint<Rec> client = await(loop.createDatagramEndpoint(Rec::new, null,
          (InetSocketAddress) server.transport().getExtraInfo("sockname")));
      client.transport().sendto(new byte[] {42});
      Throwable t = await(Asyncio.waitFor(lostWith, 5.0));
      assertTrue(server.transport().isClosing());
      client.transport().close();
      NetTestSupport.settledWithoutRegistrations(loop);
      return t.getMessage();
    }));
    assertEquals("boom", out);
    assertEquals(1, reports.size());
    assertEquals("Fatal error: protocol.datagramReceived() call failed.", reports.get(0).message());
  }

  @Test
  void options_reusePort_allowBroadcast_family() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      DatagramOptions opts = DatagramOptions.defaults().reusePort(true).allowBroadcast(true);
      DatagramEndpoint<Rec> a = await(loop.createDatagramEndpoint(Rec::new, ANY_LOCAL, null, opts));
      InetSocketAddress bound = (InetSocketAddress) a.transport().getExtraInfo("sockname");
      DatagramEndpoint<Rec> b = await(loop.createDatagramEndpoint(Rec::new, bound, null, opts));
      assertEquals(bound, b.transport().getExtraInfo("sockname"));
      DatagramChannel ch = (DatagramChannel) a.transport().getExtraInfo("socket");
      assertTrue(ch.getOption(StandardSocketOptions.SO_BROADCAST));
      assertTrue(ch.getOption(StandardSocketOptions.SO_REUSEPORT));
      // with both bound to one port the kernel may hand a datagram to either: b goes first
      DatagramChannel bch = (DatagramChannel) b.transport().getExtraInfo("socket");
      b.transport().close();
      while (bch.isOpen()) {
        await(Asyncio.sleep(0));
      }
      // family only: an unbound socket that binds at its first send
      DatagramEndpoint<Rec> c = await(loop.createDatagramEndpoint(Rec::new, null, null,
          DatagramOptions.defaults().family(StandardProtocolFamily.INET)));
      CompletableFuture<String> got = a.protocol().next;
      c.transport().sendto("via family".getBytes(UTF_8), bound);
      assertEquals("via family", await(Asyncio.waitFor(got, 5.0)));
      // an unresolved name is resolved on the executor
      DatagramEndpoint<Rec> d = await(loop.createDatagramEndpoint(Rec::new,
          InetSocketAddress.createUnresolved("localhost", 0), null, DatagramOptions.defaults().family(StandardProtocolFamily.INET)));
      assertTrue(((InetSocketAddress) d.transport().getExtraInfo("sockname")).getAddress().isLoopbackAddress());
      for (DatagramEndpoint<Rec> e : List.of(a, c, d)) e.transport().close();
      NetTestSupport.settledWithoutRegistrations(loop);
      return null;
    }));
  }

  @Test
  void badInput_isRejectedAtTheCall() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      NullPointerException n1 = assertThrows(NullPointerException.class,
          () -> loop.createDatagramEndpoint(null, ANY_LOCAL, null));
      assertEquals("protocolFactory", n1.getMessage());
      NullPointerException n2 = assertThrows(NullPointerException.class,
          () -> loop.createDatagramEndpoint(Rec::new, ANY_LOCAL, null, null));
      assertEquals("options", n2.getMessage());
      IllegalArgumentException fam = assertThrows(IllegalArgumentException.class,
          () -> loop.createDatagramEndpoint(Rec::new, null, null));
      assertTrue(fam.getMessage().startsWith("unexpected address family"), fam.getMessage());
      assertThrows(UnsupportedOperationException.class,
          () -> loop.createDatagramEndpoint(Rec::new, UnixDomainSocketAddress.of(Path.of("/tmp/x.sock")), null));
      assertThrows(UnsupportedOperationException.class, () -> loop.createDatagramEndpoint(Rec::new, null, null,
          DatagramOptions.defaults().family(StandardProtocolFamily.UNIX)));
      assertThrows(IllegalArgumentException.class, () -> new InetSocketAddress(65536)); // port out of range: the JDK's own check
      DatagramEndpoint<Rec> e = await(loop.createDatagramEndpoint(Rec::new, ANY_LOCAL, null));
      assertThrows(IllegalArgumentException.class, () -> e.transport().setWriteBufferLimits(1, 2));
      e.transport().setWriteBufferLimits(null, 100);
      assertEquals(new WriteBufferLimits(100, 400), e.transport().getWriteBufferLimits());
      // loop-bound: another thread is refused
      CompletableFuture<Throwable> off = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          e.transport().sendto(new byte[] {1}, ANY_LOCAL);
          off.complete(null);
        } catch (Throwable x) {
          off.complete(x);
        }
      });
      t.start();
      t.join();
      assertInstanceOf(IllegalStateException.class, off.join());
      e.transport().close();
      NetTestSupport.settledWithoutRegistrations(loop);
      return null;
    }));
  }

  @Test
  void createDatagramEndpoint_asAJavaTask_cancelledBeforeItRuns_opensNothing() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      List<String> made = new CopyOnWriteArrayList<>();
      var task = Asyncio.createTask(() -> loop.createDatagramEndpoint(() -> {
        made.add("factory");
        return new Rec();
      }, ANY_LOCAL, null));
      task.cancel();
      assertThrows(java.util.concurrent.CancellationException.class, () -> await(task));
      assertEquals(List.of(), made);
      NetTestSupport.assertNoRegistrations(loop);
      return null;
    }));
  }

  // ---- address resolution: asyncio's pairing by family (issue 11 leftovers) ---------------------

  static InetSocketAddress at(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  @Test
  void addressCandidates_onePerFamily_inTheResolversOrder_firstAddressOfEachSide() {
    List<InetSocketAddress> local = List.of(at("::1", 1), at("127.0.0.1", 2), at("127.0.0.2", 3), at("::2", 4));
    List<InetSocketAddress> remote = List.of(at("127.0.0.1", 9), at("::1", 9));
    assertEquals(List.of(
            new Datagrams.Candidate(StandardProtocolFamily.INET6, at("::1", 1), at("::1", 9)),
            new Datagrams.Candidate(StandardProtocolFamily.INET, at("127.0.0.1", 2), at("127.0.0.1", 9))),
        Datagrams.INSTANCE.candidates(local, remote));
    // one side given: every family it has, the other side null
    assertEquals(List.of(
            new Datagrams.Candidate(StandardProtocolFamily.INET, null, at("127.0.0.1", 9)),
            new Datagrams.Candidate(StandardProtocolFamily.INET6, null, at("::1", 9))),
        Datagrams.INSTANCE.candidates(null, remote));
    assertEquals(List.of(new Datagrams.Candidate(StandardProtocolFamily.INET, at("127.0.0.1", 2), null)),
        Datagrams.INSTANCE.candidates(List.of(at("127.0.0.1", 2)), null));
    // a family only one side has is no candidate
    assertEquals(List.of(new Datagrams.Candidate(StandardProtocolFamily.INET, at("127.0.0.1", 2), at("127.0.0.1", 9))),
        Datagrams.INSTANCE.candidates(List.of(at("::1", 1), at("127.0.0.1", 2)), List.of(at("127.0.0.1", 9))));
  }

  @Test
  void openFirst_triesTheNextCandidateWhenOneFails_andThrowsTheFirstErrorWhenAllDo() throws Exception {
    // ::2 and 192.0.2.1 (TEST-NET-1) are nobody's address here: binding them fails
    Datagrams.Candidate unbindable6 = new Datagrams.Candidate(StandardProtocolFamily.INET6, at("::2", 0), null);
    Datagrams.Candidate loopback4 = new Datagrams.Candidate(StandardProtocolFamily.INET, at("127.0.0.1", 0), null);
    var opened = Datagrams.INSTANCE.openFirst(List.of(unbindable6, loopback4), DatagramOptions.defaults());
    try (DatagramChannel ch = opened.getFirst()) {
      assertSame(loopback4, opened.getSecond());
      assertEquals(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) ch.getLocalAddress()).getAddress());
    }
    Datagrams.Candidate unbindable4 = new Datagrams.Candidate(StandardProtocolFamily.INET, at("192.0.2.1", 0), null);
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> Datagrams.INSTANCE.openFirst(List.of(unbindable4, unbindable6), DatagramOptions.defaults()));
    assertEquals(1, e.getSuppressed().length); // the second candidate's error, inside the first's
  }

  @Test
  void addressCandidates_noFamilyInCommon_isIllegalArgument_andCreateOpensNothing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Datagrams.INSTANCE.candidates(List.of(at("::1", 1)), List.of(at("127.0.0.1", 9))));
    assertTrue(e.getMessage().startsWith("can not get address information"), e.getMessage());
    Throwable out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      List<String> made = new CopyOnWriteArrayList<>();
      try {
        await(loop.createDatagramEndpoint(() -> {
          made.add("factory");
          return new Rec();
        }, at("::1", 0), at("127.0.0.1", 9)));
        return null;
      } catch (Exception x) {
        assertEquals(List.of(), made);
        NetTestSupport.assertNoRegistrations(loop);
        return x;
      }
    }));
    assertInstanceOf(IllegalArgumentException.class, out);
  }

  @Test
  void unresolvedLocalhost_pairsWithTheRemotesFamily() {
    String out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      DatagramEndpoint<Rec> server = await(loop.createDatagramEndpoint(Rec::new, ANY_LOCAL, null));
      InetSocketAddress srv = (InetSocketAddress) server.transport().getExtraInfo("sockname");
      DatagramEndpoint<Rec> client = await(loop.createDatagramEndpoint(Rec::new,
          InetSocketAddress.createUnresolved("localhost", 0), InetSocketAddress.createUnresolved("localhost", srv.getPort())));
      InetSocketAddress peer = (InetSocketAddress) client.transport().getExtraInfo("peername");
      InetSocketAddress mine = (InetSocketAddress) client.transport().getExtraInfo("sockname");
      assertEquals(peer.getAddress().getClass(), mine.getAddress().getClass()); // one family for both sides
      CompletableFuture<String> got = server.protocol().next;
      if (peer.getAddress().equals(srv.getAddress())) {
        client.transport().sendto("hi".getBytes(UTF_8));
        assertEquals("hi", await(Asyncio.waitFor(got, 5.0)));
      }
      client.transport().close();
      server.transport().close();
      NetTestSupport.settledWithoutRegistrations(loop);
      return peer.getAddress().isLoopbackAddress() ? "loopback" : peer.toString();
    }));
    assertEquals("loopback", out);
  }
}
