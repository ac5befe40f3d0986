package io.jasyncio.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Task;
import io.jasyncio.net.ClientConnected;
import io.jasyncio.net.IncompleteReadError;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamConnection;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamsJavaTest {
  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  static int port(Server server) {
    return ((InetSocketAddress) NetTestSupport.localAddress(server.sockets().get(0))).getPort();
  }

  /** asyncio 3.13's cleanup_socket: a stale socket file is removed before binding, the server's own at close. */
  @Test
  void aUnixServer_removesAStaleSocketFile_andItsOwnAtClose() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jasyncio-unix");
    java.nio.file.Path path = dir.resolve("s.sock");
    try {
      // a stale socket file: bound by a channel that is gone
      try (java.nio.channels.ServerSocketChannel stale =
          java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
        stale.bind(java.net.UnixDomainSocketAddress.of(path));
      }
      assertTrue(java.nio.file.Files.exists(path));
      String got = Asyncio.run(() -> Streams.startUnixServer((r, w) -> {
        w.write(b("hi"));
        w.close();
        return null;
      }, path).thenCompose(server -> Streams.openUnixConnection(path)
          .thenCompose(c -> c.reader().readAsync(-1).whenComplete((x, e) -> c.writer().close()))
          .thenApply(StreamsJavaTest::s)
          .whenComplete((x, e) -> server.close())
          .thenCompose(x -> server.waitClosedAsync().thenApply(v -> x))));
      assertEquals("hi", got);
      assertFalse(java.nio.file.Files.exists(path), "the server removed its socket file at close");
    } finally {
      java.nio.file.Files.deleteIfExists(path);
      java.nio.file.Files.delete(dir);
    }
  }

  @Test
  void aUnixServer_withoutCleanup_failsOnAStaleFile_andLeavesItsOwn() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jasyncio-unix");
    java.nio.file.Path path = dir.resolve("s.sock");
    io.jasyncio.net.ServerOptions keep = io.jasyncio.net.ServerOptions.defaults().cleanupSocket(false);
    try {
      Asyncio.run(() -> Streams.startUnixServer((r, w) -> null, path, keep).thenCompose(server -> {
        server.close();
        return server.waitClosedAsync();
      }));
      assertTrue(java.nio.file.Files.exists(path), "cleanupSocket(false) leaves the file");
      CompletionException e = assertThrows(CompletionException.class,
          () -> Asyncio.run(() -> Streams.startUnixServer((r, w) -> null, path, keep)));
      assertInstanceOf(java.io.IOException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains(path.toString()), e.getCause().getMessage());
    } finally {
      java.nio.file.Files.deleteIfExists(path);
      java.nio.file.Files.delete(dir);
    }
  }

  @Test
  void echo_lineByLine() {
    String out = Asyncio.run(() -> Asyncio.startServer((r, w) ->
            r.readlineAsync().thenCompose(line -> {
              w.write(line);
              return w.drainAsync();
            }).thenRun(w::close), "127.0.0.1", 0)
        .thenCompose(server -> Asyncio.openConnection("127.0.0.1", port(server))
            .thenCompose(c -> {
              c.writer().write(b("hello\n"));
              return c.reader().readlineAsync()
                  .thenCompose(line -> c.reader().readAsync(-1).thenApply(rest -> s(line) + "|" + s(rest)))
                  .whenComplete((x, e) -> c.writer().close());
            })
            .whenComplete((x, e) -> server.close())
            .thenCompose(x -> server.waitClosedAsync().thenApply(v -> x))));
    assertEquals("hello\n|", out);
  }

  @Test
  void connect_refused_isConnectException() {
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () ->
        Asyncio.run(() -> Asyncio.startServer((r, w) -> null, "127.0.0.1", 0).thenCompose(server -> {
          int p = port(server);
          server.close();
          return server.waitClosedAsync().thenCompose(v -> Asyncio.openConnection("127.0.0.1", p));
        })));
    assertInstanceOf(ConnectException.class, e.getCause(), e.toString());
  }

  @Test
  void cancelledReadAsync_consumesNothing() {
    String out = Asyncio.run(() -> {
      StreamReader r = Streams.newStreamReader(1024);
      CompletableFuture<byte[]> f = r.readlineAsync();
      assertFalse(f.isDone());
      r.feedData(b("one\n"));
      // woken, delivery not yet run: cancel withdraws it and the line stays buffered
      assertTrue(f.cancel(false));
      return r.readlineAsync().thenApply(StreamsJavaTest::s);
    });
    assertEquals("one\n", out);
  }

  @Test
  void cancelledJavaTask_awaitingReadline_consumesNothing() {
    String out = Asyncio.run(() -> {
      StreamReader r = Streams.newStreamReader(1024);
      Task<String> t = Asyncio.createTask(() -> r.readlineAsync().thenApply(StreamsJavaTest::s));
      return Asyncio.sleep(0.0).thenCompose(v -> {
        r.feedData(b("two\n"));
        t.cancel();
        return t.handle((x, e) -> e).thenCompose(e -> {
          assertInstanceOf(CancellationException.class, e);
          return r.readlineAsync().thenApply(StreamsJavaTest::s);
        });
      });
    });
    assertEquals("two\n", out);
  }

  @Test
  void readAsync_offTheLoop_hopsToIt() throws Exception {
    EventLoop loop = Asyncio.newEventLoop();
    Thread th = new Thread(loop::runForever);
    th.start();
    try {
      StreamReader r = Streams.newStreamReader(loop, 1024);
      CompletableFuture<byte[]> f = r.readexactlyAsync(3);
      loop.callSoonThreadsafe(() -> r.feedData(b("abcd")));
      assertEquals("abc", s(f.get(10, TimeUnit.SECONDS)));
    } finally {
      loop.callSoonThreadsafe(loop::stop);
      th.join();
      loop.close();
    }
  }

  @Test
  void forEachLineAsync_visitsEveryLine_thenCompletes() {
    List<String> lines = new ArrayList<>();
    Asyncio.run(() -> {
      StreamReader r = Streams.newStreamReader(1024);
      r.feedData(b("a\nb\nc"));
      r.feedEof();
      return r.forEachLineAsync(line -> {
        lines.add(s(line));
        return null;
      });
    });
    assertEquals(List.of("a\n", "b\n", "c"), lines);
  }

  @Test
  void readexactly_negative_andReaderErrors() {
    Asyncio.run(() -> {
      StreamReader r = Streams.newStreamReader(1024);
      assertThrows(IllegalArgumentException.class, () -> r.readexactlyAsync(-1));
      assertThrows(IllegalArgumentException.class, () -> r.readAsync(-2));
      assertThrows(NullPointerException.class, () -> r.readuntilAsync((byte[]) null));
      r.feedData(b("abc"));
      r.feedEof();
      CompletionException e = assertThrows(CompletionException.class, () -> r.readexactlyAsync(5).join());
      IncompleteReadError ire = assertInstanceOf(IncompleteReadError.class, e.getCause());
      assertEquals("abc", s(ire.partial()));
      assertEquals(5, ire.expected());
      return CompletableFuture.completedFuture(null);
    });
  }

  @Test
  void clientCallbackThatThrows_isReported_serverKeepsServing() {
    List<ExceptionContext> seen = new CopyOnWriteArrayList<>();
    String out = Asyncio.run(() -> {
      Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> seen.add(ctx));
      int[] n = {0};
      return Asyncio.startServer((r, w) -> {
        if (n[0]++ == 0) {
          throw new IllegalStateException("boom");
        }
        w.write(b("ok"));
        w.close();
        return null;
      }, "127.0.0.1", 0).thenCompose(server -> Asyncio.openConnection("127.0.0.1", port(server))
          .thenCompose(c1 -> c1.reader().readAsync(-1))
          .thenCompose(first -> Asyncio.openConnection("127.0.0.1", port(server)))
          .thenCompose(c2 -> c2.reader().readAsync(-1).whenComplete((x, e) -> c2.writer().close()))
          .thenApply(StreamsJavaTest::s)
          .whenComplete((x, e) -> server.close()));
    });
    assertEquals("ok", out);
    assertEquals(1, seen.size());
    assertEquals("Unhandled exception in client_connected_cb", seen.get(0).message());
    assertEquals("boom", seen.get(0).exception().getMessage());
  }

  @Test
  void directStyleHandler_andClient() {
    String out = Asyncio.run(Asyncio.direct(() -> {
      Server server = Asyncio.await(Asyncio.startServer(ClientConnected.direct((r, w) -> {
        byte[] line = Asyncio.await(r.readlineAsync());
        w.write(("echo " + s(line)).getBytes(UTF_8));
        Asyncio.await(w.drainAsync());
        w.close();
      }), "127.0.0.1", 0));
      StreamConnection c = Asyncio.await(Asyncio.openConnection("127.0.0.1", port(server)));
      c.writer().write(b("direct\n"));
      String got = s(Asyncio.await(c.reader().readAsync(-1)));
      c.writer().close();
      server.close();
      Asyncio.await(server.waitClosedAsync());
      return got;
    }));
    assertEquals("echo direct\n", out);
  }
}
