package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Huge and infinite delays (issue 9, item 7): +Infinity and delays past the clock's range mean
 * "never", as CPython's {@code call_later(math.inf, cb)} and {@code sleep(math.inf)}; NaN is
 * rejected; negative (-Infinity too) counts as zero. Virtual clock.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HugeDelaysTest extends VirtualLoopFixture {
  private static final double INF = Double.POSITIVE_INFINITY;

  /** A delay of 100 years: far, but inside the clock's range (2^62 ns, about 146 years). */
  private static final Duration CENTURY = Duration.ofDays(36_500);

  private Runnable record(String name) {
    return () -> events.add(name + "@" + loop.time());
  }

  @Test
  void callLaterAndCallAt_infiniteOrHuge_neverFire_andTheirWhenIsInfinity() {
    List<TimerHandle> never = List.of(
        loop.callLater(INF, record("callLater(inf)")),
        loop.callLater(1e18, record("callLater(1e18)")),
        loop.callLater(1e300, record("callLater(1e300)")),
        loop.callLater(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), record("callLater(max)")),
        loop.callAt(INF, record("callAt(inf)")),
        loop.callAt(1e18, record("callAt(1e18)")));
    for (TimerHandle h : never) {
      assertEquals(INF, h.when(), h.toString());
    }
    loop.callLater(CENTURY, () -> {
      events.add("century@" + loop.time());
      loop.stop();
    });
    loop.runForever();
    // the loop jumped over nothing: the century timer was the only one that could fire
    assertEquals(List.of("century@" + (double) CENTURY.getSeconds()), events);
    for (TimerHandle h : never) {
      assertFalse(h.cancelled());
      h.cancel();
      assertTrue(h.cancelled());
    }
  }

  @Test
  void aNeverTimer_cancelledFromAnotherThread_staysCancelled() throws Exception {
    TimerHandle h = loop.callLater(INF, record("never"));
    Thread other = new Thread(h::cancel);
    other.start();
    other.join();
    assertTrue(h.cancelled());
    loop.callLater(1, loop::stop);
    loop.runForever();
    assertEquals(List.of(), events);
  }

  @Test
  void sleep_infiniteOrHuge_waitsUntilCancelled() {
    List<Object> r = Loops.runVirtual(() -> {
      List<Future<String>> sleeps = List.of(
          Asyncio.sleep(INF, "inf"),
          Asyncio.sleep(1e18, "1e18"),
          Asyncio.sleep(Duration.ofSeconds(Long.MAX_VALUE), "max duration"));
      return Asyncio.sleep(CENTURY).thenApply(v -> {
        List<Object> out = new ArrayList<>();
        out.add(Asyncio.getRunningLoop().time());
        for (Future<String> s : sleeps) {
          out.add(s.done());
          out.add(s.cancel());
          out.add(s.cancelled());
        }
        return out;
      });
    });
    assertEquals(List.of((double) CENTURY.getSeconds(),
        false, true, true, false, true, true, false, true, true), r);
  }

  @Test
  void runUntilComplete_ofAnInfiniteSleep_waitsForOtherWork_withoutJumpingTheClock()
      throws Exception {
    loop.callLater(1e18, record("1e18 timer"));
    loop.callLater(INF, record("inf timer"));
    CountDownLatch parked = new CountDownLatch(1);
    Task<Void> t = loop.createTask(() -> {
      Future<Void> s = Asyncio.sleep(INF);
      parked.countDown();
      return s;
    });
    // the loop has nothing to do but wait: only another thread can end the sleep
    Thread other = new Thread(() -> {
      try {
        parked.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop.callSoonThreadsafe(() -> {
        events.add("cancel@" + loop.time());
        t.cancel();
      });
    });
    other.start();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    other.join();
    assertEquals(List.of("cancel@0.0"), events);
    assertEquals(0.0, loop.time());
  }

  @Test
  void timeoutsWithHugeDelays_neverExpire_either() throws Exception {
    // each waits on a future nobody completes; only a cancel from another thread ends it
    List<String> outcomes = new ArrayList<>();
    List<io.jasyncio.AsyncCallable<Object>> bodies = List.of(
        () -> Asyncio.waitFor(loop.createFuture(), 1e18),
        () -> Asyncio.waitFor(loop.createFuture(), Duration.ofSeconds(Long.MAX_VALUE)),
        () -> Asyncio.timeout(1e18, () -> loop.createFuture()),
        () -> Asyncio.timeout(Duration.ofSeconds(Long.MAX_VALUE), () -> loop.createFuture()));
    for (io.jasyncio.AsyncCallable<Object> body : bodies) {
      CountDownLatch started = new CountDownLatch(1);
      Task<Object> t = loop.createTask(() -> {
        started.countDown();
        return body.call();
      });
      Thread other = new Thread(() -> {
        try {
          started.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        loop.callSoonThreadsafe(t::cancel);
      });
      other.start();
      Throwable e = EventLoopLifecycleTest.catchThrowable(() -> loop.runUntilComplete(t));
      other.join();
      outcomes.add(e.getClass().getSimpleName() + "@" + loop.time());
    }
    assertEquals(List.of("CancelledError@0.0", "CancelledError@0.0", "CancelledError@0.0",
        "CancelledError@0.0"), outcomes);
  }

  @Test
  void negativeInfinity_countsAsZero() {
    loop.callLater(Double.NEGATIVE_INFINITY, () -> {
      events.add("callLater(-inf)@" + loop.time());
      loop.stop();
    });
    loop.runForever();
    loop.callAt(Double.NEGATIVE_INFINITY, () -> {
      events.add("callAt(-inf)@" + loop.time());
      loop.stop();
    });
    loop.runForever();
    String r = loop.runUntilComplete(loop.createTask(
        () -> Asyncio.sleep(Double.NEGATIVE_INFINITY, "slept")
            .thenApply(v -> v + "@" + loop.time())));
    assertEquals(List.of("callLater(-inf)@0.0", "callAt(-inf)@0.0"), events);
    assertEquals("slept@0.0", r);
  }

  @Test
  void nan_isRejected_namingTheParameter() {
    assertNan("delay", () -> loop.callLater(Double.NaN, record("x")));
    assertNan("when", () -> loop.callAt(Double.NaN, record("x")));
    Throwable[] sleeps = Loops.runVirtual(() -> java.util.concurrent.CompletableFuture
        .completedFuture(new Throwable[] {
            EventLoopLifecycleTest.catchThrowable(() -> Asyncio.sleep(Double.NaN)),
            EventLoopLifecycleTest.catchThrowable(() -> Asyncio.sleep(Double.NaN, "r"))}));
    for (Throwable t : sleeps) {
      assertEquals(IllegalArgumentException.class, t.getClass());
      assertEquals("seconds must be a number of seconds, got NaN", t.getMessage());
    }
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of(), events);
  }

  private static void assertNan(String name, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().startsWith(name + " must be "), x.getMessage());
    assertTrue(x.getMessage().endsWith("got NaN"), x.getMessage());
  }

  @Test
  void virtualClock_advancedByHugeDurations_saturatesInsteadOfOverflowing() {
    VirtualClock c = new VirtualClock();
    Duration max = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    for (int i = 0; i < 4; i++) {
      c.advance(max);
      assertTrue(c.nanos() > 0, "clock went negative: " + c.nanos());
    }
    assertEquals(Long.MAX_VALUE, c.nanos());
  }
}
