package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunnerTest {
  @Test
  void run_twoMainsRunOnTheSameLoop_andTimeCarriesOver() {
    List<Object> seen = new ArrayList<>();
    EventLoop loop;
    try (Runner runner = new Runner(Loops::virtualLoop)) {
      loop = runner.getLoop();
      assertEquals(10.0, runner.run(() -> {
        seen.add(Asyncio.getRunningLoop());
        return Asyncio.sleep(10).thenApply(v -> Asyncio.getRunningLoop().time());
      }));
      assertEquals(15.0, runner.run(() -> {
        seen.add(Asyncio.getRunningLoop());
        return Asyncio.sleep(5).thenApply(v -> Asyncio.getRunningLoop().time());
      }));
      assertFalse(loop.isClosed());
    }
    assertEquals(List.of(loop, loop), seen);
    assertTrue(loop.isClosed());
  }

  @Test
  void run_leavesOtherTasksPendingBetweenMains() {
    AtomicReference<Task<String>> background = new AtomicReference<>();
    try (Runner runner = new Runner(Loops::virtualLoop)) {
      runner.run(() -> {
        background.set(Asyncio.createTask(() -> Asyncio.sleep(3, "background")));
        return Asyncio.sleep(1);
      });
      assertFalse(background.get().done());
      assertEquals("background", runner.run(() -> background.get()));
    }
  }

  @Test
  void close_cancelsLeftoverTasksAndClosesTheLoop() {
    AtomicReference<Task<Void>> leftover = new AtomicReference<>();
    AtomicReference<Future<Void>> leftoverSleep = new AtomicReference<>();
    Runner runner = new Runner(Loops::virtualLoop);
    runner.run(() -> {
      leftover.set(Asyncio.createTask(() -> {
        leftoverSleep.set(Asyncio.sleep(3600));
        return leftoverSleep.get();
      }));
      return Asyncio.sleep(1);
    });
    EventLoop loop = runner.getLoop();
    assertFalse(leftover.get().done());
    runner.close();
    assertTrue(leftover.get().cancelled());
    assertTrue(leftoverSleep.get().cancelled());
    assertTrue(loop.isClosed());
    assertEquals(1.0, loop.time());
  }

  @Test
  void close_isIdempotent_andRunAfterCloseThrows() {
    Runner runner = new Runner(Loops::virtualLoop);
    assertEquals(1, runner.run(() -> CompletableFuture.completedFuture(1)));
    runner.close();
    assertDoesNotThrow(runner::close);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> runner.run(() -> CompletableFuture.completedFuture(2)));
    assertEquals("Runner is closed", e.getMessage());
    assertThrows(IllegalStateException.class, runner::getLoop);
  }

  @Test
  void loop_isMadeLazilyOnce() {
    AtomicInteger made = new AtomicInteger();
    Runner runner = new Runner(() -> {
      made.incrementAndGet();
      return Loops.virtualLoop();
    });
    assertEquals(0, made.get());
    EventLoop loop = runner.getLoop();
    assertSame(loop, runner.getLoop());
    runner.run(() -> CompletableFuture.completedFuture(1));
    assertEquals(1, made.get());
    runner.close();
  }

  @Test
  void close_withoutUse_neverMakesALoop() {
    AtomicInteger made = new AtomicInteger();
    Runner runner = new Runner(() -> {
      made.incrementAndGet();
      return Loops.virtualLoop();
    });
    runner.close();
    assertEquals(0, made.get());
  }

  @Test
  void run_insideARunningLoop_throwsIllegalStateExceptionAtOnce() {
    AtomicInteger bodies = new AtomicInteger();
    try (Runner inner = new Runner(Loops::virtualLoop)) {
      Throwable thrown = Loops.runVirtual(() -> CompletableFuture.completedFuture(
          EventLoopLifecycleTest.catchThrowable(() -> inner.run(() -> {
            bodies.incrementAndGet();
            return CompletableFuture.completedFuture(1);
          }))));
      assertEquals(IllegalStateException.class, thrown.getClass());
    }
    assertEquals(0, bodies.get());
  }

  @Test
  void close_shutsDownTheDefaultExecutor() throws Exception {
    Runner runner = new Runner(Loops::virtualLoop);
    Thread worker = runner.run(() -> Asyncio.toThread(Thread::currentThread));
    runner.close();
    worker.join(5000);
    assertFalse(worker.isAlive());
  }

  // ---- shutdown as CPython's asyncio.run (issue 14) ----
  // The expected lists are what CPython 3.11's asyncio.run prints for the same program, with
  // time.sleep(0.2) in the blocking callback.

  private static final List<Object> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A callback that schedules the next one, up to 10: counts the iterations the loop turns. */
  private static void chain(int k) {
    SEEN.add(k);
    if (k < 10) {
      Asyncio.getRunningLoop().callSoon(() -> chain(k + 1));
    }
  }

  /** A timer due in 0.1 s, a callback that blocks 0.2 s (virtual: it moves the clock), a chain. */
  private static void scheduleBlockerTimerAndChain(EventLoop l) {
    l.callLater(0.1, () -> SEEN.add("timer"));
    l.callSoon(() -> {
      SEEN.add("blocker");
      ((io.jasyncio.testing.VirtualClock) l.clock()).advance(java.time.Duration.ofMillis(200));
    });
    l.callSoon(() -> chain(1));
  }

  @Test
  void run_aTimerThatFellDueWhileACallbackBlocked_runsAtShutdown_asInCPython() {
    SEEN.clear();
    Asyncio.run(() -> {
      scheduleBlockerTimerAndChain(Asyncio.getRunningLoop());
      return CompletableFuture.completedFuture(null);
    }, Loops::virtualLoop);
    assertEquals(List.of("blocker", 1, 2, "timer", 3, 4, 5), SEEN);
  }

  @Test
  void run_afterTheDefaultExecutorWasUsed_shutsDownTheSameWay() {
    SEEN.clear();
    Asyncio.run(() -> Asyncio.toThread(() -> 1).thenRun(
        () -> scheduleBlockerTimerAndChain(Asyncio.getRunningLoop())), Loops::virtualLoop);
    // the executor's threads take a few more iterations to end, as in CPython
    assertTrue(SEEN.size() >= 7, SEEN.toString());
    assertEquals(List.of("blocker", 1, 2, "timer", 3, 4, 5), SEEN.subList(0, 7));
  }

  @Test
  void run_leftoverTaskIsCancelledWhileCallbacksRun_asInCPython() {
    SEEN.clear();
    Asyncio.run(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Asyncio.createTask(() -> Asyncio.sleep(10).whenComplete((v, e) -> SEEN.add("bg-finally")));
      return Asyncio.sleep(0).thenRun(() -> l.callSoon(() -> chain(1)));
    }, Loops::virtualLoop);
    assertEquals(List.of(1, 2, "bg-finally", 3, 4, 5, 6, 7, 8), SEEN);
  }

  @Test
  void run_callbacksScheduledByMainsLastStep_runBeforeRunReturns() {
    SEEN.clear();
    try (Runner runner = new Runner(Loops::virtualLoop)) {
      runner.run(() -> {
        Asyncio.getRunningLoop().callSoon(() -> SEEN.add("soon"));
        return CompletableFuture.completedFuture(null);
      });
      assertEquals(List.of("soon"), SEEN);
    }
  }

  @Test
  void run_loopStoppedByMain_throwsAsCPython() {
    try (Runner runner = new Runner(Loops::virtualLoop)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(() -> {
        Asyncio.getRunningLoop().stop();
        return Asyncio.sleep(1);
      }));
      assertEquals("Event loop stopped before Future completed.", e.getMessage());
    }
  }
}
