package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Debugging a loop, in Java: debug mode reports a task step that hogs the loop (asyncio's
 * slow-callback warning), and the blocked-loop watchdog shows where a step is stuck <em>while</em>
 * it is stuck. The reports go to {@code System.Logger} "io.jasyncio.debug"; this tour listens to
 * them through java.util.logging (the JDK's default backend) and prints their first lines. The
 * Kotlin twin is {@code DebugTourKt}.
 */
public final class DebugTour {
  private DebugTour() {}

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /**
   * Runs the tour (real clock: the watchdog measures real time).
   *
   * @param out where to print
   * @throws InterruptedException if interrupted while the loop is blocked
   */
  public static void run(PrintStream out) throws InterruptedException {
    CountDownLatch reported = new CountDownLatch(1);
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Logger debugLog = Logger.getLogger("io.jasyncio.debug");
    Handler listener = new Handler() {
      @Override
      public void publish(LogRecord r) {
        String first = r.getMessage().lines().findFirst().orElse("");
        if (first.startsWith("Executing")) {
          // the tour names its tasks; other slow steps (class loading on a cold JVM) are skipped
          for (String name : new String[] {"crunch", "stuck"}) {
            if (first.contains("name=" + name + ",") && seen.add(name)) {
              out.println("slow step: task " + name);
            }
          }
        } else if (first.contains("blocked for")) {
          boolean inAwait = r.getMessage().contains("CountDownLatch.await");
          out.println("watchdog: the loop is blocked" + (inAwait ? " in CountDownLatch.await" : ""));
          reported.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    debugLog.addHandler(listener);
    try {
      Asyncio.run(() -> {
        EventLoop loop = Asyncio.getRunningLoop();
        out.println("debug mode: " + loop.getDebug());
        loop.setSlowCallbackDuration(0.01);
        loop.setBlockedLoopThreshold(Duration.ofMillis(100));
        // a step that computes for 20 ms: logged after it returned, with where it was created
        return Asyncio.createTask(() -> {
          crunch(20);
          return Asyncio.sleep(0);
        }, "crunch").thenCompose(v -> Asyncio.createTask(() -> {
          // a step that blocks (think JDBC, or Thread.sleep): the watchdog shows where, meanwhile
          waitUntil(reported);
          return Asyncio.sleep(0);
        }, "stuck"));
      }, true);
    } finally {
      debugLog.removeHandler(listener);
    }
    out.println("done");
  }

  private static void crunch(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void waitUntil(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
