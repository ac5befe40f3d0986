package io.jasyncio.internal;

import io.jasyncio.internal.future.FutureImpl;
import io.jasyncio.internal.loop.EventLoopImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's test_waitfor, restated on the virtual clock through the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitForTest extends VirtualLoopFixture {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  /** The outcome of {@code f} as a value: its result, or its exception. */
  private static <T> CompletableFuture<Object> outcome(Future<T> f) {
    return f.handle((v, e) -> e == null ? v : FutureImpl.Companion.normalize(e));
  }

  @Test
  void finishesInTime_returnsTheResult() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> t = Asyncio.createTask(() -> Asyncio.sleep(0.1, 5));
      return Asyncio.waitFor(t, 1.0).thenApply(v -> List.of(v, now()));
    });
    assertEquals(List.of(5, 0.1), out);
  }

  @Test
  void timeout_cancelsTheInner_thenTimeoutErrorCausedByCancelledError() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> t = Asyncio.createTask(() -> Asyncio.sleep(10, 5));
      return outcome(Asyncio.waitFor(t, 0.1)).thenApply(e -> List.of(
          e.getClass(), ((Throwable) e).getCause().getClass(), t.cancelled(), now(),
          e instanceof CancellationException));
    });
    assertEquals(List.of(TimeoutError.class, CancelledError.class, true, 0.1, false), out);
  }

  @Test
  void timeoutZeroOrLess_doneFuture_givesItsResult() {
    List<Object> out = Loops.runVirtual(() -> {
      Future<Integer> f = Asyncio.getRunningLoop().createFuture();
      f.setResult(7);
      return Asyncio.waitFor(f, 0).thenCombine(Asyncio.waitFor(f, -1),
          (a, b) -> List.of(a, b, now()));
    });
    assertEquals(List.of(7, 7, 0.0), out);
  }

  @Test
  void timeoutZeroOrLess_pendingFuture_cancelledAndTimeoutError() {
    List<Object> out = Loops.runVirtual(() -> {
      Future<Integer> f = Asyncio.getRunningLoop().createFuture();
      return outcome(Asyncio.waitFor(f, -1)).thenApply(e -> List.of(e.getClass(),
          f.cancelled(), now()));
    });
    assertEquals(List.of(TimeoutError.class, true, 0.0), out);
  }

  @Test
  void timeoutZero_coroutineFunction_neverStarts() {
    boolean[] ran = {false};
    Object out = Loops.runVirtual(() -> outcome(Asyncio.waitFor(() -> {
      ran[0] = true;
      return Asyncio.sleep(0, 1);
    }, 0)));
    assertInstanceOf(TimeoutError.class, out);
    assertFalse(ran[0]);
  }

  @Test
  void coroutineFunction_inTime() {
    int out = Loops.runVirtual(() -> Asyncio.waitFor(() -> Asyncio.sleep(0.5, 3), 1));
    assertEquals(3, out);
  }

  @Test
  void noTimeout_nullDurationOrInfinity() {
    List<Object> out = Loops.runVirtual(() -> Asyncio
        .waitFor(Asyncio.sleep(100, 1), (Duration) null)
        .thenCompose(a -> Asyncio.waitFor(Asyncio.sleep(100, 2), Double.POSITIVE_INFINITY)
            .thenApply(b -> List.of(a, b, now()))));
    assertEquals(List.of(1, 2, 200.0), out);
  }

  @Test
  void durationTimeout() {
    Object out = Loops.runVirtual(() -> outcome(
        Asyncio.waitFor(Asyncio.sleep(1, 1), Duration.ofMillis(250))).thenApply(e -> List.of(
            e.getClass(), now())));
    assertEquals(List.of(TimeoutError.class, 0.25), out);
  }

  @Test
  void resultAtTheSameTimeAsTheTimeout_resultWins() {
    // CPython test_wait_for_race_condition: the result is set before the timeout's callback runs
    Object out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<String> f = l.createFuture();
      l.callLater(0.1, () -> f.setResult("ok"));
      return Asyncio.waitFor(f, 0.1);
    });
    assertEquals("ok", out);
  }

  @Test
  void innerFailure_passesThrough() {
    Object out = Loops.runVirtual(() -> outcome(Asyncio.waitFor(
        Asyncio.sleep(0.1).thenApply(v -> {
          throw new IllegalArgumentException("bad");
        }), 1)));
    assertInstanceOf(IllegalArgumentException.class, out);
    assertEquals("bad", ((Throwable) out).getMessage());
  }

  @Test
  void cancellingTheWaitFor_cancelsTheInner() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> t = Asyncio.createTask(() -> Asyncio.sleep(10, 5));
      Future<Integer> w = Asyncio.waitFor(t, 5);
      Asyncio.getRunningLoop().callLater(0.1, () -> w.cancel("stop"));
      return outcome(w).thenCompose(e -> outcome(t).thenApply(te -> List.of(
          e.getClass(), ((Throwable) e).getMessage(), te.getClass(), now())));
    });
    assertEquals(List.of(CancelledError.class, "stop", CancelledError.class, 0.1), out);
  }

  @Test
  void waitingTaskCancelledInTheIterationTheInnerFinishes_endsCancelled() {
    // CPython bpo-42130 / gh-86296: the outer cancellation is never swallowed
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<Integer> inner = l.createFuture();
      Task<Integer> waiter = Asyncio.createTask(() -> Asyncio.waitFor(inner, 10));
      l.callLater(0.1, () -> {
        inner.setResult(1);
        waiter.cancel();
      });
      return outcome(waiter).thenApply(e -> List.of(e.getClass(), waiter.cancelled()));
    });
    assertEquals(List.of(CancelledError.class, true), out);
  }

  @Test
  void innerThatIgnoresCancellation_isWaitedFor_andItsValueReturned() {
    List<Object> seen = new ArrayList<>();
    Object out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      StubbornFuture inner = new StubbornFuture((EventLoopImpl) l);
      l.callLater(0.5, () -> inner.setResult(42));
      return Asyncio.waitFor(inner, 0.1).thenApply(v -> {
        seen.add(inner.cancelCalls);
        seen.add(now());
        return v;
      });
    });
    assertEquals(42, out);
    assertEquals(List.of(1, 0.5), seen);
  }

  @Test
  void innerThatFinishesCancellingLater_timeoutErrorOnlyThen() {
    Object out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      StubbornFuture inner = new StubbornFuture((EventLoopImpl) l);
      l.callLater(0.5, () -> inner.cancelForReal());
      return outcome(Asyncio.waitFor(inner, 0.1)).thenApply(e -> List.of(e.getClass(), now()));
    });
    assertEquals(List.of(TimeoutError.class, 0.5), out);
  }

  @Test
  void timeoutErrorIsNotACancellation() {
    assertFalse(CancellationException.class.isAssignableFrom(TimeoutError.class));
    assertTrue(RuntimeException.class.isAssignableFrom(TimeoutError.class));
  }

  @Test
  void waitForResult_thrownFromResultAsTimeoutError() {
    Future<Integer> w = Loops.runVirtual(() -> {
      Future<Integer> ww = Asyncio.waitFor(Asyncio.sleep(1, 1), 0.1);
      return ww.handle((v, e) -> ww);
    });
    TimeoutError e = assertThrows(TimeoutError.class, w::result);
    assertInstanceOf(CancelledError.class, e.getCause());
  }

  @Test
  void waitForItselfIsCancellable_evenWhileTheInnerHoldsUpItsCancellation() {
    // CPython test_wait_for_self_cancellation
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      StubbornFuture inner = new StubbornFuture((EventLoopImpl) l);
      l.callLater(0.9, () -> inner.setResult(42));
      Task<Integer> waiter = Asyncio.createTask(() -> Asyncio.waitFor(inner, 0.1));
      l.callLater(0.2, () -> waiter.cancel());
      return outcome(waiter).thenCompose(e -> inner.thenApply(v -> List.of(
          e.getClass(), waiter.cancelled(), v, inner.cancelCalls, now())));
    });
    assertEquals(List.of(CancelledError.class, true, 42, 2, 0.9), out);
  }

  @Test
  void cancellingTheWaitingTask_cancelsTheInner_withOrWithoutTimeout() {
    // CPython test_cancel_blocking_wait_for / test_cancel_wait_for (bpo-23219)
    for (Duration timeout : java.util.Arrays.asList(null, Duration.ofSeconds(60))) {
      List<Object> out = Loops.runVirtual(() -> {
        EventLoop l = Asyncio.getRunningLoop();
        Task<Void> blocking = Asyncio.createTask(() -> l.<Void>createFuture());
        Task<Void> waiter = Asyncio.createTask(() -> Asyncio.waitFor(blocking, timeout));
        l.callSoon(() -> waiter.cancel());
        return outcome(waiter).thenCompose(e -> outcome(blocking).thenApply(x -> List.of(
            e.getClass(), blocking.cancelled())));
      });
      assertEquals(List.of(CancelledError.class, true), out, "timeout " + timeout);
    }
  }

  @Test
  void taskFinishingExactlyAtTheDeadline_timesOut_asInCPython() {
    // the timeout's timer is scheduled before the task's first step schedules its sleep
    Object out = Loops.runVirtual(() -> outcome(Asyncio.waitFor(
        Asyncio.createTask(() -> Asyncio.sleep(1.0, 1)), 1.0)).thenApply(e -> List.of(
            e.getClass(), now())));
    assertEquals(List.of(TimeoutError.class, 1.0), out);
  }

  /** A future whose cancel() is only a request it ignores (like a task that suppresses it). */
  static final class StubbornFuture extends FutureImpl<Integer> {
    int cancelCalls;

    StubbornFuture(EventLoopImpl loop) {
      super(loop);
    }

    @Override
    public boolean cancel(String msg) {
      cancelCalls++;
      return !isDone();
    }

    void cancelForReal() {
      super.cancel("finally");
    }
  }

  @Test
  void anInnerFinishingAtTheTimeout_isCancelled_andTheOutcomeSaysSo() {
    // the timeout's edge of issue 14: the timer (armed at the call) fires first in the iteration
    // in which the inner's sleep ends, so the inner is cancelled; the outcome matches its state
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> t = Asyncio.createTask(() -> Asyncio.sleep(0.3, 5));
      return outcome(Asyncio.waitFor(t, 0.3)).thenApply(o -> List.of(
          o.getClass().getSimpleName(), t.cancelled(), now()));
    });
    assertEquals(List.of("TimeoutError", true, 0.3), out);
  }
}
