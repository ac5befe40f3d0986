package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.examples.TourCertificate;
import io.jasyncio.net.IncompleteReadError;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Transport;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * W9-W11 through the Java face: streams ({@code jasyncio-java}) and a {@link Protocol}-level
 * echo ({@code jasyncio-proto}), as the shared kit's asyncio and Netty programs do them.
 */
public final class NetJava {
  private NetJava() {}

  /** @param m the Java face's workloads, to which the networking ones are added */
  static void addStreams(Map<String, Bench> m) {
    m.put(Registry.TCP_ECHO, () -> echo(false, NetJava::streamServer, NetJava::streamClients));
    m.put(Registry.TCP_ECHO_2L, () -> echo(true, NetJava::streamServer, NetJava::streamClients));
    m.put(Registry.TCP_ECHO_TLS, () -> overTls(() -> echo(false, NetJava::streamServer, NetJava::streamClients)));
    m.put(Registry.BULK, () -> bulk(r -> count(r, 0L)));
    m.put(Registry.BULK_INTO, () -> bulk(NetJava::countInto));
    m.put(Registry.IDLE, () -> idle(Registry.IDLE_N));
  }

  // ---- W9-TLS (issue 11): the same echo over TLS; null = plain TCP ----

  /** The certificate of the TLS run in progress, or null for plain TCP. */
  static volatile TourCertificate tls;

  static io.jasyncio.net.ServerOptions serverOptions() {
    TourCertificate c = tls;
    return c == null ? io.jasyncio.net.ServerOptions.defaults() : io.jasyncio.net.ServerOptions.defaults().ssl(c.server);
  }

  static io.jasyncio.net.ConnectionOptions clientOptions() {
    TourCertificate c = tls;
    return c == null ? io.jasyncio.net.ConnectionOptions.defaults()
        : io.jasyncio.net.ConnectionOptions.defaults().ssl(c.client).serverHostname("localhost");
  }

  /** Runs {@code b} over TLS. */
  static Result overTls(Bench b) throws Exception {
    tls = TourCertificate.get();
    try {
      return b.run();
    } finally {
      tls = null;
    }
  }

  /** @return the Protocol-level implementation's workloads */
  static Map<String, Bench> protocolWorkloads() {
    handlersDone = null;
    Map<String, Bench> m = new java.util.LinkedHashMap<>();
    m.put(Registry.TCP_ECHO, () -> echo(false, NetJava::protocolServer, NetJava::protocolClients));
    m.put(Registry.TCP_ECHO_2L, () -> echo(true, NetJava::protocolServer, NetJava::protocolClients));
    m.put(Registry.TCP_ECHO_TLS, () -> overTls(() -> echo(false, NetJava::protocolServer, NetJava::protocolClients)));
    m.put(Registry.BULK, NetJava::bulkProtocol);
    return m;
  }

  static int port(Server s) {
    try {
      return ((InetSocketAddress) s.sockets().get(0).getLocalAddress()).getPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  interface Clients {
    CompletionStage<?> run(int port);
  }

  /**
   * Runs the echo: the server on the same loop as the clients, or ({@code twoLoops}) on a second
   * loop with its own thread.
   */
  static Result echo(boolean twoLoops, Supplier<CompletionStage<Server>> server, Clients clients) throws Exception {
    int n = Registry.ECHO_CONNS * Registry.ECHO_TRIPS;
    String param = "conns=" + Registry.ECHO_CONNS + ",trips=" + Registry.ECHO_TRIPS + ",bytes=" + Registry.ECHO_SIZE;
    if (!twoLoops) {
      return Asyncio.run(() -> server.get().thenCompose(s -> {
        long t0 = System.nanoTime();
        return clients.run(port(s)).thenCompose(x -> {
          double dt = Result.secondsSince(t0);
          s.close();
          return s.waitClosedAsync().thenCompose(v -> handlersDone == null ? CompletableFuture.completedFuture(null)
              : Asyncio.ensureFuture(handlersDone)).thenApply(v -> Result.of(param, n, dt));
        });
      }));
    }
    EventLoop serverLoop = Asyncio.newEventLoop();
    Thread t = new Thread(serverLoop::runForever, "server-loop");
    t.start();
    try {
      Server s = serverLoop.runCoroutineThreadsafe(server::get).get();
      int port = port(s);
      Result r = Asyncio.run(() -> {
        long t0 = System.nanoTime();
        return clients.run(port).thenApply(x -> Result.of(param, n, Result.secondsSince(t0)));
      });
      serverLoop.runCoroutineThreadsafe(() -> {
        s.close();
        return s.waitClosedAsync();
      }).get();
      if (handlersDone != null) {
        handlersDone.get();
      }
      return r;
    } finally {
      serverLoop.callSoonThreadsafe(serverLoop::stop);
      t.join();
      serverLoop.close();
    }
  }

  // ---- streams ------------------------------------------------------------------------------------

  /** Completed once every connection's handler ended (the run must not tear the loop down before). */
  static volatile CompletableFuture<Void> handlersDone;
  static final java.util.concurrent.atomic.AtomicInteger HANDLERS = new java.util.concurrent.atomic.AtomicInteger();

  static CompletionStage<Server> streamServer() {
    handlersDone = new CompletableFuture<>();
    HANDLERS.set(0);
    return Asyncio.startServer((r, w) -> echoLoop(r, w).handle((x, e) -> {
      w.close();
      if (HANDLERS.incrementAndGet() == Registry.ECHO_CONNS) {
        handlersDone.complete(null);
      }
      Throwable c = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
      if (c != null && !(c instanceof IncompleteReadError)) {
        throw new IllegalStateException(c);
      }
      return null;
    }), "127.0.0.1", 0, serverOptions());
  }

  /** One round trip per level; the chain's error (EOF) is handled once, at the top. */
  static CompletionStage<Void> echoLoop(StreamReader r, StreamWriter w) {
    return r.readexactlyAsync(Registry.ECHO_SIZE).thenCompose(data -> {
      w.write(data);
      return w.drainAsync().thenCompose(v -> echoLoop(r, w));
    });
  }

  static CompletionStage<?> streamClients(int port) {
    byte[] msg = new byte[Registry.ECHO_SIZE];
    Arrays.fill(msg, (byte) 'x');
    List<CompletionStage<?>> all = new ArrayList<>();
    for (int i = 0; i < Registry.ECHO_CONNS; i++) {
      all.add(Asyncio.openConnection("127.0.0.1", port, clientOptions()).thenCompose(c ->
          trips(c.reader(), c.writer(), msg, Registry.ECHO_TRIPS).thenCompose(v -> {
            c.writer().close();
            return c.writer().waitClosedAsync();
          })));
    }
    return CompletableFuture.allOf(all.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new));
  }

  static CompletionStage<Void> trips(StreamReader r, StreamWriter w, byte[] msg, int left) {
    if (left == 0) {
      return CompletableFuture.completedFuture(null);
    }
    w.write(msg);
    return w.drainAsync().thenCompose(v -> r.readexactlyAsync(msg.length)).thenCompose(back -> {
      if (!Arrays.equals(back, msg)) {
        throw new AssertionError("bad echo");
      }
      return trips(r, w, msg, left - 1);
    });
  }

  // ---- Protocol level --------------------------------------------------------------------------

  /** Echoes whatever arrives (Netty's handler). */
  static final class EchoProtocol implements Protocol {
    private Transport t;

    @Override
    public void connectionMade(Transport transport) {
      t = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      t.write(data);
    }
  }

  /** Sends 64 B, waits for 64 B back, repeats; completes {@code done} after the last trip. */
  static final class ClientProtocol implements Protocol {
    private final ByteBuffer msg;
    private final CompletableFuture<Void> done;
    private Transport t;
    private int trips;
    private int got;

    ClientProtocol(ByteBuffer msg, CompletableFuture<Void> done) {
      this.msg = msg;
      this.done = done;
    }

    @Override
    public void connectionMade(Transport transport) {
      t = transport;
      t.write(msg.duplicate());
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      got += data.remaining();
      if (got < Registry.ECHO_SIZE) {
        return;
      }
      if (got != Registry.ECHO_SIZE) {
        throw new AssertionError("bad echo");
      }
      got = 0;
      if (++trips == Registry.ECHO_TRIPS) {
        t.close();
        return;
      }
      t.write(msg.duplicate());
    }

    @Override
    public void connectionLost(Throwable exc) {
      if (exc == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(exc);
      }
    }
  }

  static CompletionStage<Server> protocolServer() {
    return Asyncio.getRunningLoop().createServer(EchoProtocol::new, "127.0.0.1", 0, serverOptions());
  }

  static CompletionStage<?> protocolClients(int port) {
    EventLoop loop = Asyncio.getRunningLoop();
    ByteBuffer msg = ByteBuffer.allocate(Registry.ECHO_SIZE);
    Arrays.fill(msg.array(), (byte) 'x');
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < Registry.ECHO_CONNS; i++) {
      CompletableFuture<Void> done = loop.<Void>createFuture().toCompletableFuture();
      all.add(done);
      loop.createConnection(() -> new ClientProtocol(msg, done), "127.0.0.1", port, clientOptions());
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
  }

  // ---- W10 bulk ----------------------------------------------------------------------------------

  static Result bulk(java.util.function.Function<StreamReader, CompletionStage<Long>> counter) {
    long total = Registry.BULK_BYTES;
    return Asyncio.run(() -> {
      CompletableFuture<Long> received = new CompletableFuture<>();
      return Asyncio.startServer((r, w) -> counter.apply(r).thenApply(n -> {
        received.complete(n);
        w.close();
        return n;
      }), "127.0.0.1", 0).thenCompose(s -> Asyncio.openConnection("127.0.0.1", port(s)).thenCompose(c -> {
        long t0 = System.nanoTime();
        byte[] chunk = new byte[Registry.BULK_CHUNK];
        return send(c.writer(), chunk, total / chunk.length).thenCompose(v -> {
          c.writer().writeEof();
          return received;
        }).thenCompose(n -> bulkDone(t0, n, total, c.writer()::close, s));
      }));
    });
  }

  /** W10's end: checks the count, closes the client and the server, reports MB/s. */
  static CompletionStage<Result> bulkDone(long t0, long n, long total, Runnable closeClient, Server s) {
    double dt = Result.secondsSince(t0);
    Result.checkCount(n, total);
    closeClient.run();
    s.close();
    return s.waitClosedAsync().thenApply(v -> new Result("bytes=" + total + ",chunk=" + Registry.BULK_CHUNK,
        total, dt, new java.util.LinkedHashMap<>(Map.of("mb_per_s", String.format(java.util.Locale.ROOT, "%.0f", total / 1048576.0 / dt)))));
  }

  static CompletionStage<Void> send(StreamWriter w, byte[] chunk, long left) {
    if (left == 0) {
      return CompletableFuture.completedFuture(null);
    }
    w.write(chunk);
    return w.drainAsync().thenCompose(v -> send(w, chunk, left - 1));
  }

  static CompletionStage<Long> count(StreamReader r, long n) {
    return r.readAsync(Registry.BULK_CHUNK).thenCompose(d -> d.length == 0
        ? CompletableFuture.completedFuture(n) : count(r, n + d.length));
  }

  /** W10-into: reads into one reused 64 KiB buffer until EOF (-1), counting. */
  static CompletionStage<Long> countInto(StreamReader r) {
    ByteBuffer b = ByteBuffer.allocate(Registry.BULK_CHUNK);
    long[] n = {0};
    return Asyncio.doWhile(() -> {
      b.clear();
      return r.readIntoAsync(b).thenApply(k -> {
        if (k < 0) {
          return false;
        }
        n[0] += k;
        return true;
      });
    }).thenApply(v -> n[0]);
  }

  /**
   * W10 at the Protocol level, the shape of Netty's handler program: the receiver counts the bytes
   * of each {@code dataReceived} view (no copy into an array of its own), the sender writes 64 KiB
   * chunks while the transport has not called {@code pauseWriting} and goes on at
   * {@code resumeWriting} (asyncio's flow control, Netty's writability), then writes EOF.
   */
  static Result bulkProtocol() {
    long total = Registry.BULK_BYTES;
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      CompletableFuture<Long> received = new CompletableFuture<>();
      return loop.createServer(() -> new CountingProtocol(received), "127.0.0.1", 0, serverOptions()).thenCompose(s -> {
        long t0 = System.nanoTime();
        byte[] chunk = new byte[Registry.BULK_CHUNK];
        return loop.createConnection(() -> new BulkSender(chunk, total / chunk.length), "127.0.0.1", port(s), clientOptions())
            .thenCompose(tp -> received.thenCompose(n -> bulkDone(t0, n, total, tp.transport()::close, s)));
      });
    });
  }

  /** Counts what arrives; completes {@code received} at EOF and closes. */
  static final class CountingProtocol implements Protocol {
    private final CompletableFuture<Long> received;
    private long n;

    CountingProtocol(CompletableFuture<Long> received) {
      this.received = received;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      n += data.remaining();
    }

    @Override
    public boolean eofReceived() {
      received.complete(n);
      return false;
    }
  }

  /** Writes {@code left} chunks as fast as flow control lets it, then EOF. */
  static final class BulkSender implements Protocol {
    private final byte[] chunk;
    private long left;
    private boolean paused;
    private Transport t;

    BulkSender(byte[] chunk, long chunks) {
      this.chunk = chunk;
      this.left = chunks;
    }

    @Override
    public void connectionMade(Transport transport) {
      t = transport;
      pump();
    }

    private void pump() {
      while (!paused && left > 0) {
        left--;
        t.write(chunk);
      }
      if (left == 0 && !paused) {
        left = -1;
        t.writeEof();
      }
    }

    @Override
    public void pauseWriting() {
      paused = true;
    }

    @Override
    public void resumeWriting() {
      paused = false;
      pump();
    }

    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  // ---- W11 idle ----------------------------------------------------------------------------------

  static long heapUsed() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** {@code n} connections, each server handler parked in readline; heap bytes per connection. */
  static Result idle(int n) {
    return Asyncio.run(() -> {
      int[] parked = {0};
      long before = heapUsed();
      CompletableFuture<Void> allParked = new CompletableFuture<>();
      return Asyncio.startServer((r, w) -> {
        parked[0]++;
        return r.readlineAsync().whenComplete((x, e) -> w.close());
      }, "127.0.0.1", 0, io.jasyncio.net.ServerOptions.defaults().backlog(1024)).thenCompose(s -> {
        long t0 = System.nanoTime();
        return openMany(port(s), n, new ArrayList<>()).thenCompose(clients ->
            waitUntil(() -> parked[0] == n).thenCompose(v -> {
              double dt = Result.secondsSince(t0);
              long perConn = (heapUsed() - before) / n;
              for (StreamWriter w : clients) {
                w.close();
              }
              s.close();
              return s.waitClosedAsync().thenApply(x -> new Result("conns=" + n, n, dt,
                  new java.util.LinkedHashMap<>(Map.of("heap_bytes_per_conn", Long.toString(perConn)))));
            }));
      });
    });
  }

  static CompletionStage<List<StreamWriter>> openMany(int port, int left, List<StreamWriter> out) {
    if (left == 0) {
      return CompletableFuture.completedFuture(out);
    }
    return Asyncio.openConnection("127.0.0.1", port).thenCompose(c -> {
      out.add(c.writer());
      return openMany(port, left - 1, out);
    });
  }

  static CompletionStage<Void> waitUntil(java.util.function.BooleanSupplier cond) {
    if (cond.getAsBoolean()) {
      return CompletableFuture.completedFuture(null);
    }
    return Asyncio.sleep(0.001).thenCompose(v -> waitUntil(cond));
  }
}
