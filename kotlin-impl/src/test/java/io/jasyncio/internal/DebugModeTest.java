package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.LoopStatistics;
import io.jasyncio.Task;
import io.jasyncio.testing.VirtualClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13: debug mode (slow callbacks, creation traces, unclosed loops), the blocked-loop
 * watchdog, JFR events, statistics and the MBean. Slow steps are made by spinning on the real
 * clock for a few milliseconds above a 1 ms threshold; the watchdog test blocks the loop on a latch
 * that the test opens only once the report was logged, so no timing luck is involved.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DebugModeTest {
  /** Holds the calling thread for {@code millis} of real time without sleeping. */
  private static void spin(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** Waits (bounded) until {@code cond} holds; fails the test otherwise. */
  private static void await(BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  private static EventLoop debugLoop() {
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    loop.setDebug(true);
    loop.setSlowCallbackDuration(0.001);
    return loop;
  }

  @Test
  void debugMode_isOffByDefault_andSetDebugTurnsItOn() {
    try (EventLoop loop = Asyncio.newEventLoop(new VirtualClock())) {
      assertFalse(loop.getDebug());
      assertEquals(0.1, loop.getSlowCallbackDuration());
      assertNull(loop.getBlockedLoopThreshold());
      loop.setDebug(true);
      assertTrue(loop.getDebug());
      assertTrue(loop.statistics().debug());
      // debug mode brings the watchdog along at ten times the slow-callback duration
      assertEquals(Duration.ofSeconds(1), loop.getBlockedLoopThreshold());
      loop.setDebug(false);
      assertFalse(loop.getDebug());
      assertNull(loop.getBlockedLoopThreshold());
    }
  }

  @Test
  void asyncioRunWithDebug_runsTheMainTaskOnADebugLoop() {
    assertTrue(Asyncio.run(() -> Asyncio.sleep(0, Asyncio.getRunningLoop().getDebug()), true));
    assertFalse(Asyncio.run(() -> Asyncio.sleep(0, Asyncio.getRunningLoop().getDebug()), false));
  }

  @Test
  void aSlowCallback_isLogged_withItsDuration_andWhereItWasScheduled() {
    try (LogCapture log = new LogCapture(); EventLoop loop = debugLoop()) {
      loop.runUntilComplete(loop.createTask(() -> {
        scheduleSlowCallback(loop);
        return Asyncio.sleep(0);
      }));
      String text = log.text();
      assertTrue(text.contains("WARNING: Executing Handle["), text);
      assertTrue(text.matches("(?s).*took 0\\.\\d{3} seconds.*"), text);
      assertTrue(text.contains("created at"), text);
      assertTrue(text.contains("scheduleSlowCallback"), text);
    }
  }

  private static void scheduleSlowCallback(EventLoop loop) {
    loop.callSoon(() -> spin(5));
  }

  @Test
  void aSlowTaskStep_isLogged_underTheTasksName() {
    try (LogCapture log = new LogCapture(); EventLoop loop = debugLoop()) {
      loop.runUntilComplete(loop.createTask(() -> {
        spin(5);
        return Asyncio.sleep(0);
      }, "slowpoke"));
      String text = log.text();
      assertTrue(text.contains("Executing step of Task[name=slowpoke"), text);
    }
  }

  @Test
  void withoutDebugMode_nothingIsTimed_andNothingIsLogged() {
    try (LogCapture log = new LogCapture(); EventLoop loop = Asyncio.newEventLoop(new VirtualClock())) {
      loop.runUntilComplete(loop.createTask(() -> {
        spin(5);
        return Asyncio.sleep(0);
      }));
      assertEquals("", log.text());
      assertEquals(Duration.ZERO, loop.statistics().longestStep());
    }
  }

  @Test
  void neverRetrievedFailure_inDebugMode_carriesWhereTheFutureWasCreated() {
    EventLoop loop = debugLoop();
    List<ExceptionContext> seen = Loops.recordErrors(loop);
    loop.runUntilComplete(loop.createTask(() -> {
      makeDoomedFuture(loop);
      return Asyncio.sleep(0);
    }));
    loop.close();
    assertEquals(1, seen.size(), seen::toString);
    ExceptionContext ctx = seen.get(0);
    assertTrue(ctx.message().contains("exception was never retrieved"), ctx.message());
    assertTrue(ctx.sourceTraceback().stream().anyMatch(e -> e.getMethodName().equals("makeDoomedFuture")),
        ctx.sourceTraceback()::toString);
  }

  private static void makeDoomedFuture(EventLoop loop) {
    Future<Object> f = loop.createFuture();
    f.setException(new IllegalStateException("doomed"));
  }

  @Test
  void aFailingCallback_inDebugMode_hasASourceTraceback_andNoneWithoutIt() {
    for (boolean debug : new boolean[] {true, false}) {
      try (EventLoop loop = Asyncio.newEventLoop(new VirtualClock())) {
        loop.setDebug(debug);
        List<ExceptionContext> seen = Loops.recordErrors(loop);
        loop.runUntilComplete(loop.createTask(() -> {
          scheduleFailingCallback(loop);
          return Asyncio.sleep(0);
        }));
        assertEquals(1, seen.size());
        boolean named = seen.get(0).sourceTraceback().stream()
            .anyMatch(e -> e.getMethodName().equals("scheduleFailingCallback"));
        assertEquals(debug, named, seen.get(0).sourceTraceback()::toString);
      }
    }
  }

  private static void scheduleFailingCallback(EventLoop loop) {
    loop.callSoon(() -> {
      throw new IllegalStateException("boom");
    });
  }

  @Test
  void theWatchdog_logsTheBlockedLoopThreadsStack_whileItIsBlocked_andAgainWhenItReturns() {
    try (LogCapture log = new LogCapture(); EventLoop loop = Asyncio.newEventLoop()) {
      loop.setBlockedLoopThreshold(Duration.ofMillis(50));
      CountDownLatch release = new CountDownLatch(1);
      Thread opener = new Thread(() -> {
        await(() -> log.text().contains("blocked for"), "a blocked-loop report");
        release.countDown();
      });
      opener.start();
      loop.runUntilComplete(loop.createTask(() -> {
        waitForTheWatchdog(release);
        return Asyncio.sleep(0);
      }, "stuck"));
      String text = log.text();
      assertTrue(text.contains("WARNING: Event loop EventLoop["), text);
      assertTrue(text.contains("by step of Task[name=stuck"), text);
      // the report names the frame the loop thread is blocked in, while it is blocked there
      assertTrue(text.contains("CountDownLatch.await"), text);
      assertTrue(text.contains("waitForTheWatchdog"), text);
      await(() -> log.text().contains("unblocked"), "the unblocked report");
    }
  }

  private static void waitForTheWatchdog(CountDownLatch release) {
    try {
      assertTrue(release.await(30, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void jfrEvents_recordSlowCallbacks_andTasks() throws Exception {
    Path file = Files.createTempFile("jasyncio", ".jfr");
    try (Recording rec = new Recording()) {
      rec.enable("io.jasyncio.SlowCallback");
      rec.enable("io.jasyncio.Task");
      rec.start();
      try (LogCapture log = new LogCapture(); EventLoop loop = debugLoop()) {
        loop.runUntilComplete(loop.createTask(() -> {
          spin(5);
          return Asyncio.sleep(0);
        }, "recorded"));
      }
      rec.stop();
      rec.dump(file);
      List<RecordedEvent> events = RecordingFile.readAllEvents(file);
      assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.jasyncio.SlowCallback")
          && e.getString("callback").contains("recorded")), events::toString);
      assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.jasyncio.Task")
          && e.getString("task").equals("recorded") && e.getString("what").equals("created")), events::toString);
      assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.jasyncio.Task")
          && e.getString("task").equals("recorded") && e.getString("what").equals("done")), events::toString);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * A recording that does not name the task event (the JDK's default and profile settings, or a
   * settings file of one's own) records none: one event per task created and done would swamp it
   * (found profiling W1: a 1 ms sampling recording made a 250 MB file and the loop 13 times slower).
   */
  @Test
  void aRecordingThatDoesNotAskForTaskEvents_recordsNone() throws Exception {
    Path file = Files.createTempFile("jasyncio", ".jfr");
    try (Recording rec = new Recording()) {
      rec.start();
      try (EventLoop loop = Asyncio.newEventLoop(new VirtualClock())) {
        loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0), "unrecorded"));
      }
      rec.stop();
      rec.dump(file);
      List<RecordedEvent> events = RecordingFile.readAllEvents(file);
      assertEquals(List.of(), events.stream()
          .filter(e -> e.getEventType().getName().equals("io.jasyncio.Task")).toList());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void statistics_countIterationsTasksAndTimers() {
    try (EventLoop loop = Asyncio.newEventLoop(new VirtualClock())) {
      LoopStatistics before = loop.statistics();
      assertEquals(new LoopStatistics(0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, false, false), before);
      LoopStatistics inside = loop.runUntilComplete(loop.createTask(() -> {
        loop.callLater(10, () -> {});
        Asyncio.createTask(() -> Asyncio.sleep(5));
        return Asyncio.sleep(0).thenApply(v -> loop.statistics());
      }));
      assertTrue(inside.running());
      assertEquals(2, inside.tasks(), inside::toString); // main and the sleeper
      assertTrue(inside.timers() >= 2, inside::toString); // callLater(10) and sleep(5)
      assertTrue(inside.iterations() >= 2, inside::toString);
    }
  }

  @Test
  void theMBean_showsTheLoop_dumpsItsTasks_andLeavesAtClose() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    String name = loop.registerMBean("debug-mode-test");
    ObjectName on = new ObjectName(name);
    assertEquals("io.jasyncio:name=debug-mode-test,type=EventLoop", on.getCanonicalName());
    String dump = loop.runUntilComplete(loop.createTask(() -> {
      Asyncio.createTask(() -> Asyncio.sleep(5), "parked");
      return Asyncio.sleep(0).thenApply(v -> {
        try {
          assertEquals(2, server.getAttribute(on, "Tasks"));
          return (String) server.invoke(on, "dumpTasks", null, null);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }));
    assertTrue(dump.contains("parked"), dump);
    server.setAttribute(on, new javax.management.Attribute("Debug", true));
    assertTrue(loop.getDebug());
    loop.close();
    assertFalse(server.isRegistered(on));
  }

  @Test
  void anUnclosedDebugLoop_isReportedWhenCollected_withItsCreationStack() {
    try (LogCapture log = new LogCapture()) {
      abandonADebugLoop();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!log.text().contains("unclosed event loop") && System.nanoTime() < deadline) {
        System.gc();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      String text = log.text();
      assertTrue(text.contains("unclosed event loop EventLoop[idle"), text);
      assertTrue(text.contains("abandonADebugLoop"), text);
    }
  }

  private static void abandonADebugLoop() {
    Asyncio.newEventLoop(new VirtualClock()).setDebug(true);
  }

  @Test
  void anUnclosedServerAndTransport_ofADebugLoop_areReportedWhenCollected_andClosedOnesAreNot() {
    try (LogCapture log = new LogCapture()) {
      abandonAServerAndAConnection();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!(log.text().contains("unclosed server") && log.text().contains("unclosed transport"))
          && System.nanoTime() < deadline) {
        System.gc();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      String text = log.text();
      assertTrue(text.contains("unclosed server Server[sockets=[/127.0.0.1:"), text);
      // the client end only: the accepted end and the closed server were closed
      assertEquals(1, count(text, "unclosed transport SocketTransport[peer=/127.0.0.1:"), text);
      assertEquals(1, count(text, "unclosed server"), text);
      assertTrue(text.contains("abandonAServerAndAConnection"), text);
    }
  }

  /** A finished child whose transport nobody closed is reported; one run through the streams API closes its own. */
  @Test
  void anUnclosedSubprocessTransport_ofADebugLoop_isReportedWhenCollected() {
    try (LogCapture log = new LogCapture()) {
      abandonAChildTransport();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!log.text().contains("unclosed subprocess transport") && System.nanoTime() < deadline) {
        System.gc();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      String text = log.text();
      assertEquals(1, count(text, "unclosed subprocess transport SubprocessTransport[pid="), text);
      assertTrue(text.contains("program=true]"), text);
      assertTrue(text.contains("abandonAChildTransport"), text);
    }
  }

  private static void abandonAChildTransport() {
    EventLoop loop = Asyncio.newEventLoop();
    loop.setDebug(true);
    CompletableFuture<Void> exited = new CompletableFuture<>();
    loop.runUntilComplete(loop.subprocessExec(() -> new io.jasyncio.process.SubprocessProtocol() {
      @Override
      public void processExited() {
        exited.complete(null);
      }
    }, List.of("true"), io.jasyncio.process.SubprocessOptions.defaults()));
    loop.runUntilComplete(exited);
    // the streams API closes its transport once the child exited and its pipes closed
    int rc = loop.runUntilComplete(loop.createTask(() -> Asyncio.createSubprocessExec(
        io.jasyncio.process.SubprocessOptions.pipes(), "true").thenCompose(p -> p.waitAsync())));
    assertEquals(0, rc);
    loop.close();
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** One server and one client connection left open, one server and its accepted end closed. */
  private static void abandonAServerAndAConnection() {
    EventLoop loop = Asyncio.newEventLoop();
    loop.setDebug(true);
    java.util.List<io.jasyncio.net.Transport> accepted = new java.util.ArrayList<>();
    io.jasyncio.net.Server open = loop.runUntilComplete(loop.createServer(
        () -> new io.jasyncio.net.Protocol() {
          @Override
          public void connectionMade(io.jasyncio.net.Transport t) {
            accepted.add(t);
          }
        },
        "127.0.0.1", 0));
    io.jasyncio.net.Server closed = loop.runUntilComplete(
        loop.createServer(() -> new io.jasyncio.net.Protocol() {}, "127.0.0.1", 0));
    int port = open.sockets().get(0).socket().getLocalPort();
    loop.runUntilComplete(loop.createConnection(() -> new io.jasyncio.net.Protocol() {}, "127.0.0.1", port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (accepted.isEmpty() && System.nanoTime() < deadline) {
      loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0)));
    }
    assertEquals(1, accepted.size());
    loop.callSoon(() -> {
      accepted.get(0).close();
      closed.close();
    });
    loop.runUntilComplete(closed.waitClosedAsync());
    loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0)));
    loop.close();
  }

  @Test
  void badSettings_areRejected_namingTheProblem() {
    try (EventLoop loop = Asyncio.newEventLoop(new VirtualClock())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(-1));
      assertTrue(e.getMessage().contains("slowCallbackDuration"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(Double.NaN));
      e = assertThrows(IllegalArgumentException.class, () -> loop.setBlockedLoopThreshold(Duration.ZERO));
      assertTrue(e.getMessage().contains("blockedLoopThreshold"), e.getMessage());
      assertFalse(loop.getDebug());
    }
  }

  @Test
  void aTaskOfADebugLoop_knowsWhereItWasCreated() {
    EventLoop loop = debugLoop();
    List<ExceptionContext> seen = Loops.recordErrors(loop);
    loop.runUntilComplete(loop.createTask(() -> {
      spawnFailingTask();
      return Asyncio.sleep(0);
    }));
    loop.close();
    assertEquals(1, seen.size(), seen::toString);
    assertTrue(seen.get(0).sourceTraceback().stream().anyMatch(e -> e.getMethodName().equals("spawnFailingTask")),
        seen.get(0).sourceTraceback()::toString);
  }

  private static Task<Object> spawnFailingTask() {
    return Asyncio.createTask(() -> {
      throw new IllegalStateException("task failed");
    });
  }
}
