package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectorIoTest {
  private final EventLoop loop = Asyncio.newEventLoop();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final Pipe pipe = open();

  private static Pipe open() {
    try {
      return Pipe.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (!loop.isRunning()) {
      loop.close();
    }
    pipe.source().close();
    pipe.sink().close();
  }

  private static void write(WritableByteChannel ch, String s) {
    try {
      ch.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(ReadableByteChannel ch) {
    ByteBuffer buf = ByteBuffer.allocate(256);
    try {
      ch.read(buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }

  private static Thread start(Runnable r) {
    Thread t = new Thread(r, "test-helper");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void addReader_runsWhenTheSourceIsReadable_onTheLoopThread() {
    Thread loopThread = Thread.currentThread();
    loop.addReader(pipe.source(), () -> {
      boolean onLoop = Thread.currentThread() == loopThread;
      events.add("read " + read(pipe.source()) + " on loop=" + onLoop);
      loop.removeReader(pipe.source());
      loop.stop();
    });
    loop.callSoon(() -> {
      events.add("writing");
      write(pipe.sink(), "hi");
    });
    loop.runForever();
    assertEquals(List.of("writing", "read hi on loop=true"), events);
  }

  @Test
  void addReader_dataWrittenByAnotherThread_wakesTheBlockedLoop() {
    CountDownLatch running = new CountDownLatch(1);
    loop.callSoon(running::countDown);
    loop.addReader(pipe.source(), () -> {
      events.add("read " + read(pipe.source()));
      loop.removeReader(pipe.source());
      loop.stop();
    });
    start(() -> {
      try {
        running.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      write(pipe.sink(), "from afar");
    });
    loop.runForever();
    assertEquals(List.of("read from afar"), events);
  }

  @Test
  void removeReader_returnsTrueOnlyWhenAReaderWasRegistered() {
    assertFalse(loop.removeReader(pipe.source()));
    loop.addReader(pipe.source(), () -> { });
    assertTrue(loop.removeReader(pipe.source()));
    assertFalse(loop.removeReader(pipe.source()));
    loop.addReader(pipe.source(), () -> { });
    assertTrue(loop.removeReader(pipe.source()));
  }

  @Test
  void removeWriter_returnsTrueOnlyWhenAWriterWasRegistered() {
    assertFalse(loop.removeWriter(pipe.sink()));
    loop.addWriter(pipe.sink(), () -> { });
    assertTrue(loop.removeWriter(pipe.sink()));
    assertFalse(loop.removeWriter(pipe.sink()));
  }

  @Test
  void addWriter_onTheSink_firesWhenWritable() {
    loop.addWriter(pipe.sink(), () -> {
      events.add("writable");
      write(pipe.sink(), "data");
      events.add("removed=" + loop.removeWriter(pipe.sink()));
    });
    loop.addReader(pipe.source(), () -> {
      events.add("read " + read(pipe.source()));
      loop.removeReader(pipe.source());
      loop.stop();
    });
    loop.runForever();
    assertEquals(List.of("writable", "removed=true", "read data"), events);
  }

  @Test
  void reader_isLevelTriggered_andStopsRunningOnceRemoved() {
    write(pipe.sink(), "never read");
    AtomicInteger calls = new AtomicInteger();
    loop.addReader(pipe.source(), () -> {
      if (calls.incrementAndGet() == 3) {
        loop.removeReader(pipe.source());
        loop.callSoon(() -> loop.callSoon(() -> loop.callSoon(loop::stop)));
      }
    });
    loop.runForever();
    assertEquals(3, calls.get());
  }

  @Test
  void removeReader_byAnEarlierCallbackOfTheSameIteration_readerDoesNotRun() {
    write(pipe.sink(), "ready before the iteration");
    loop.addReader(pipe.source(), () -> events.add("reader ran"));
    loop.callSoon(() -> events.add("removed=" + loop.removeReader(pipe.source())));
    loop.callSoon(() -> loop.callSoon(loop::stop));
    loop.runForever();
    assertEquals(List.of("removed=true"), events);
  }

  @Test
  void addReader_replacesThePreviousReaderOfTheChannel() {
    loop.addReader(pipe.source(), () -> events.add("old reader"));
    loop.addReader(pipe.source(), () -> {
      events.add("new reader " + read(pipe.source()));
      loop.removeReader(pipe.source());
      loop.stop();
    });
    write(pipe.sink(), "x");
    loop.runForever();
    assertEquals(List.of("new reader x"), events);
  }

  @Test
  void removeWriter_keepsTheReaderOfTheSameChannel() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel a = SocketChannel.open(server.getLocalAddress());
        SocketChannel b = server.accept()) {
      loop.addReader(a, () -> {
        events.add("read " + read(a));
        loop.removeReader(a);
        loop.stop();
      });
      loop.addWriter(a, () -> {
        events.add("writable");
        events.add("removed=" + loop.removeWriter(a));
        events.add("again=" + loop.removeWriter(a));
        write(b, "pong");
      });
      loop.runForever();
    }
    assertEquals(List.of("writable", "removed=true", "again=false", "read pong"), events);
  }

  @Test
  void reRegisteringOneChannel_doesNotSuppressAnotherReadyReader() throws IOException {
    Pipe other = Pipe.open();
    try {
      write(pipe.sink(), "stays readable");
      int[] iteration = {0};
      List<Integer> readerIterations = new ArrayList<>();
      loop.addReader(pipe.source(), () -> readerIterations.add(iteration[0]));
      loop.addReader(other.source(), () -> { });
      loop.callSoon(() -> {
        loop.removeReader(other.source());
        loop.addReader(other.source(), () -> { });
      });
      Runnable[] step = new Runnable[1];
      step[0] = () -> {
        if (++iteration[0] < 5) {
          loop.callSoon(step[0]);
        } else {
          loop.stop();
        }
      };
      loop.callSoon(step[0]);
      loop.runForever();
      assertEquals(List.of(1, 2, 3, 4, 5), readerIterations);
    } finally {
      other.source().close();
      other.sink().close();
    }
  }

  @Test
  void addReader_fromAnotherThreadWhileRunning_throwsIllegalStateException() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch running = new CountDownLatch(1);
    loop.callSoon(running::countDown);
    start(() -> {
      try {
        running.await(5, TimeUnit.SECONDS);
        thrown.set(assertThrows(IllegalStateException.class,
            () -> loop.addReader(pipe.source(), () -> { })));
      } catch (Throwable e) {
        thrown.set(e);
      } finally {
        loop.callSoonThreadsafe(loop::stop);
      }
    });
    loop.runForever();
    assertSame(IllegalStateException.class, thrown.get().getClass());
    assertFalse(loop.removeReader(pipe.source()));
  }

  @Test
  void closedLoop_addReaderThrows_removeReaderReturnsFalse() {
    loop.addReader(pipe.source(), () -> { });
    loop.close();
    assertEquals("Event loop is closed", assertThrows(IllegalStateException.class,
        () -> loop.addReader(pipe.source(), () -> { })).getMessage());
    assertFalse(loop.removeReader(pipe.source()));
  }

  /** Best effort: true once {@code t} sits in a blocking Selector.select (not selectNow). */
  private static boolean blockedInSelect(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().endsWith("SelectorImpl") && e.getMethodName().equals("select")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void callSoonThreadsafe_wakesTheLoop_afterAnExternalStopAndARestartWithAReader()
      throws Exception {
    CountDownLatch stopCalled = new CountDownLatch(1);
    loop.callSoon(() -> {
      start(() -> {
        loop.stop();
        stopCalled.countDown();
      });
      try {
        assertTrue(stopCalled.await(5, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    loop.runForever();

    Thread loopThread = Thread.currentThread();
    AtomicBoolean hung = new AtomicBoolean();
    CountDownLatch returned = new CountDownLatch(1);
    loop.addReader(pipe.source(), () -> events.add("woken by I/O: " + read(pipe.source())));
    loop.callSoon(() -> start(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (!blockedInSelect(loopThread) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      loop.callSoonThreadsafe(() -> {
        events.add("posted callback");
        loop.stop();
      });
      try {
        if (!returned.await(2, TimeUnit.SECONDS)) {
          hung.set(true);
          write(pipe.sink(), "rescue");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    loop.runForever();
    returned.countDown();
    assertFalse(hung.get(), "the blocked loop was not woken by callSoonThreadsafe");
    assertEquals(List.of("posted callback"), events);
  }

  // ---- accepting with addReader; channels that support neither (issue 14) ----

  @Test
  void addReader_onAListeningServerChannel_acceptsAsInAsyncio_andAddWriterWaitsForConnect()
      throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open()) {
      AtomicReference<SocketChannel> accepted = new AtomicReference<>();
      loop.addReader(server, () -> {
        try {
          SocketChannel c = server.accept();
          if (c == null) {
            return;
          }
          accepted.set(c);
          events.add("accepted");
          loop.removeReader(server);
          loop.addReader(c, () -> {
            events.add("read " + read(c));
            loop.removeReader(c);
            loop.stop();
          });
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      client.configureBlocking(false);
      boolean connectedAtOnce = client.connect(server.getLocalAddress());
      loop.addWriter(client, () -> {
        try {
          if (client.isConnectionPending()) {
            client.finishConnect();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        events.add("connected");
        loop.removeWriter(client);
        write(client, "hello");
      });
      loop.callLater(5, loop::stop); // bound: never hangs
      loop.runForever();
      accepted.get().close();
      assertTrue(connectedAtOnce || client.isConnected());
    }
    assertEquals(3, events.size(), events.toString());
    assertTrue(events.containsAll(List.of("accepted", "connected")), events.toString());
    assertEquals("read hello", events.get(2));
  }

  @Test
  void aChannelSupportingNeither_isRejectedWithAMessage_andNothingIsRegistered() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
          () -> loop.addReader(pipe.sink(), () -> { }));
      assertTrue(r.getMessage().startsWith(pipe.sink() + " supports neither reading or accepting"),
          r.getMessage());
      assertTrue(r.getMessage().endsWith("its valid operations are [OP_WRITE]"), r.getMessage());
      IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
          () -> loop.addWriter(server, () -> { }));
      assertTrue(w.getMessage().contains("supports neither writing or connecting (addWriter)"),
          w.getMessage());
      assertTrue(w.getMessage().endsWith("[OP_ACCEPT]"), w.getMessage());
      assertFalse(loop.removeReader(pipe.sink()));
      assertFalse(loop.removeWriter(server));
      assertTrue(pipe.sink().isBlocking(), "a rejected channel is left as it was");
    }
  }

  @Test
  void aTaskKilledByAddReader_isReportedPromptly_notAtClose() throws Exception {
    // the porter's silent hang: a task dies on addReader while main waits; the failure is reported
    // while the loop runs (real clock), though its callback kept a reference to the task
    List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    double[] reportedAt = {-1};
    loop.setExceptionHandler((l, ctx) -> {
      reports.add(ctx.message() + " / " + ctx.exception().getClass().getSimpleName());
      reportedAt[0] = l.time();
    });
    double start = loop.time();
    loop.runUntilComplete(loop.createTask(() -> {
      loop.createTask(() -> {
        io.jasyncio.Task<?> self = Asyncio.currentTask();
        loop.addReader(pipe.sink(), () -> self.cancel());
        return Asyncio.sleep(60);
      }, "acceptor"); // nobody keeps it
      return Asyncio.waitFor(Asyncio.sleep(0.01).thenCompose(v -> poll(reports)), 5.0)
          .handle((v, e) -> null);
    }));
    assertEquals(List.of("Task exception was never retrieved: Task 'acceptor' / "
        + "IllegalArgumentException"), reports);
    assertTrue(reportedAt[0] - start < 5.0, "reported after " + (reportedAt[0] - start) + " s");
  }

  /** Completes once {@code reports} is not empty, looking every 10 ms on the loop's timers. */
  private java.util.concurrent.CompletionStage<Void> poll(List<String> reports) {
    if (!reports.isEmpty()) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return Asyncio.sleep(0.01).thenCompose(v -> poll(reports));
  }
}
