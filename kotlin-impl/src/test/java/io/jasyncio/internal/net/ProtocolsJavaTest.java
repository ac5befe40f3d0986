package io.jasyncio.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.BufferedProtocol;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.Transport;
import io.jasyncio.net.TransportAndProtocol;
import io.jasyncio.net.WriteBufferLimits;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython test_selector_events (transport parts) and test_sock_lowlevel, restated for the Java face. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProtocolsJavaTest {
  /** Echoes what it receives; records its callbacks. */
  static final class Echo implements Protocol {
    final List<String> events = new CopyOnWriteArrayList<>();
    Transport transport;

    @Override
    public void connectionMade(Transport t) {
      transport = t;
      events.add("made");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
    }

    @Override
    public boolean eofReceived() {
      events.add("eof");
      return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
      events.add("lost " + exc);
    }
  }

  /** Collects what it receives until EOF. */
  static final class Collect implements Protocol {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final CompletableFuture<String> done = new CompletableFuture<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    boolean keepOpen;

    @Override
    public void connectionMade(Transport t) {
      events.add("made");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      got.writeBytes(b);
    }

    @Override
    public boolean eofReceived() {
      events.add("eof");
      return keepOpen;
    }

    @Override
    public void pauseWriting() {
      events.add("pause");
    }

    @Override
    public void resumeWriting() {
      events.add("resume");
    }

    @Override
    public void connectionLost(Throwable exc) {
      events.add("lost " + exc);
      done.complete(got.toString(UTF_8));
    }
  }

  static int port(Server s) {
    return ((InetSocketAddress) NetTestSupport.localAddress(s.sockets().get(0))).getPort();
  }

  @Test
  void protocolEcho_writeEof_thenPeerCloses() {
    Echo[] server = new Echo[1];
    Collect client = new Collect();
    String got = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> server[0] = new Echo(), "127.0.0.1", 0)
          .thenCompose(s -> loop.createConnection(() -> client, "127.0.0.1", port(s))
              .thenCompose(tp -> {
                Transport t = tp.transport();
                assertTrue(t.isReading());
                assertEquals(new WriteBufferLimits(16384, 65536), t.getWriteBufferLimits());
                assertEquals(0, t.getWriteBufferSize());
                assertTrue(t.canWriteEof());
                t.write("hello ".getBytes(UTF_8));
                t.writelines(List.of("wor".getBytes(UTF_8), "ld".getBytes(UTF_8)));
                t.writeEof();
                return client.done;
              })
              .thenCompose(x -> {
                s.close();
                return s.waitClosedAsync().thenApply(v -> x);
              }));
    });
    assertEquals("hello world", got);
    assertEquals(List.of("made", "eof", "lost null"), client.events);
    assertEquals(List.of("made", "eof", "lost null"), server[0].events);
  }

  @Test
  void eofReceivedTrue_keepsTheConnectionHalfOpen() {
    Collect client = new Collect();
    client.keepOpen = true;
    List<String> events = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
              t.write("bye".getBytes(UTF_8));
              t.writeEof();
            }
          }, "127.0.0.1", 0)
          .thenCompose(s -> loop.createConnection(() -> client, "127.0.0.1", port(s))
              .thenCompose(tp -> Asyncio.sleep(0.05).thenApply(v -> {
                // EOF was received, the transport stays open until we close it
                assertFalse(tp.transport().isClosing());
                List<String> ev = List.copyOf(client.events);
                tp.transport().close();
                assertTrue(tp.transport().isClosing());
                s.close();
                s.closeClients();
                return ev;
              })));
    });
    assertEquals(List.of("made", "eof"), events);
  }

  @Test
  void bufferedProtocol_readsIntoItsOwnBuffer() {
    ByteBuffer mine = ByteBuffer.allocate(4);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    CompletableFuture<String> done = new CompletableFuture<>();
    String out = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> new BufferedProtocol() {
            @Override
            public ByteBuffer getBuffer(int sizeHint) {
              mine.clear();
              return mine;
            }

            @Override
            public void bufferUpdated(int n) {
              got.write(mine.array(), 0, n);
              assertEquals(n, mine.position());
            }

            @Override
            public void connectionLost(Throwable exc) {
              done.complete(got.toString(UTF_8));
            }
          }, "127.0.0.1", 0)
          .thenCompose(s -> loop.createConnection(Collect::new, "127.0.0.1", port(s))
              .thenCompose(tp -> {
                tp.transport().write("0123456789".getBytes(UTF_8));
                tp.transport().close();
                return done;
              })
              .whenComplete((x, e) -> s.close()));
    });
    assertEquals("0123456789", out);
  }

  @Test
  void writeBufferMarks_pauseAndResumeTheProtocol() {
    Collect client = new Collect();
    List<String> events = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      CompletableFuture<Transport> serverSide = new CompletableFuture<>();
      return loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
              t.pauseReading();
              assertFalse(t.isReading());
              serverSide.complete(t);
            }
          }, "127.0.0.1", 0)
          .thenCompose(s -> loop.createConnection(() -> client, "127.0.0.1", port(s))
              .thenCompose(tp -> serverSide.thenCompose(st -> {
                Transport t = tp.transport();
                assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, 20));
                t.setWriteBufferLimits(100_000, null);
                assertEquals(new WriteBufferLimits(25_000, 100_000), t.getWriteBufferLimits());
                byte[] chunk = new byte[64 * 1024];
                // the peer does not read: the kernel buffers fill, then ours, then the protocol pauses
                for (int i = 0; i < 200 && !client.events.contains("pause"); i++) {
                  t.write(chunk);
                }
                assertTrue(client.events.contains("pause"), client.events.toString());
                assertTrue(t.getWriteBufferSize() > 100_000);
                st.resumeReading(); // the peer reads again: we drain and resume
                return Asyncio.sleep(0.0).thenCompose(v -> waitFor(() -> client.events.contains("resume")))
                    .thenApply(v -> {
                      List<String> ev = List.copyOf(client.events);
                      t.abort();
                      s.close();
                      s.abortClients();
                      return ev;
                    });
              })));
    });
    assertEquals(List.of("made", "pause", "resume"), events);
  }

  /** Polls {@code cond} once per loop iteration (bounded by the test's timeout). */
  static CompletableFuture<Void> waitFor(java.util.function.BooleanSupplier cond) {
    if (cond.getAsBoolean()) return CompletableFuture.completedFuture(null);
    return Asyncio.sleep(0.001).thenCompose(v -> waitFor(cond));
  }

  @Test
  void connectAcceptedSocket_wrapsAConnectedChannel() throws Exception {
    try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      SocketChannel peer = SocketChannel.open(listener.getLocalAddress());
      SocketChannel accepted = listener.accept();
      Collect p = new Collect();
      peer.write(ByteBuffer.wrap("ping".getBytes(UTF_8)));
      peer.shutdownOutput();
      String got = Asyncio.run(() -> Asyncio.getRunningLoop().connectAcceptedSocket(() -> p, accepted)
          .thenCompose(tp -> p.done));
      assertEquals("ping", got);
      peer.close();
    }
  }

  @Test
  void badInput_namesTheArgument_andRegistersNothing() {
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      assertEquals("protocolFactory",
          assertThrows(NullPointerException.class, () -> loop.createConnection(null, "127.0.0.1", 1)).getMessage());
      assertEquals("host",
          assertThrows(NullPointerException.class, () -> loop.createConnection(Collect::new, null, 1)).getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> loop.createConnection(Collect::new, "127.0.0.1", 65536)).getMessage().contains("port"));
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> loop.createServer(Collect::new, "127.0.0.1", -1)).getMessage().contains("port"));
      assertEquals("clientConnected",
          assertThrows(NullPointerException.class, () -> Asyncio.startServer(null, "127.0.0.1", 0)).getMessage());
      assertEquals("host",
          assertThrows(NullPointerException.class, () -> Asyncio.openConnection(null, 1)).getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> Asyncio.openConnection("127.0.0.1", 1, 0)).getMessage().contains("limit"));
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> ServerOptions.defaults().backlog(-1)).getMessage().contains("backlog"));
      assertEquals(0, NetProbe.registrations(loop));
      return CompletableFuture.completedFuture(null);
    });
  }

  @Test
  void createConnection_fromAnotherThread_failsAtOnce() throws Exception {
    EventLoop loop = Asyncio.newEventLoop();
    Thread t = new Thread(loop::runForever);
    t.start();
    try {
      while (!loop.isRunning()) {
        Thread.onSpinWait();
      }
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> loop.createConnection(Collect::new, "127.0.0.1", 1));
      assertTrue(e.getMessage().contains("thread"), e.getMessage());
    } finally {
      loop.callSoonThreadsafe(loop::stop);
      t.join();
      loop.close();
    }
  }

  @Test
  void getaddrinfo_literal_answersWithoutTheExecutor() {
    List<InetSocketAddress> addrs = Asyncio.run(() -> Asyncio.getRunningLoop().getaddrinfo("::1", 80));
    assertEquals(List.of(new InetSocketAddress("::1", 80)), addrs);
  }

  @Test
  void ipv6Loopback_works() {
    Collect client = new Collect();
    String got = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(Echo::new, "::1", 0)
          .thenCompose(s -> loop.createConnection(() -> client, "::1", port(s))
              .thenCompose(tp -> {
                tp.transport().write("v6".getBytes(UTF_8));
                tp.transport().writeEof();
                return client.done;
              })
              .whenComplete((x, e) -> s.close()));
    });
    assertEquals("v6", got);
    assertNull(null);
  }
}
