package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's test_timeouts restated for the Java face ({@code Asyncio.timeout}), virtual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutTest extends VirtualLoopFixture {
  private <T> T run(AsyncCallable<T> main) {
    return loop.runUntilComplete(loop.createTask(main));
  }

  /** The exception {@code stage} ends with, or {@code null}. */
  private static CompletionStage<Throwable> failure(CompletionStage<?> stage) {
    return stage.handle((v, e) -> e);
  }

  private final AtomicReference<io.jasyncio.Timeout> cm = new AtomicReference<>();

  @Test
  void basic_expiryCancelsTheBodyAndRaisesTimeoutErrorCausedByTheCancel() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(0.01);
      cm.set(t);
      return failure(t.enter(() -> Asyncio.sleep(10)));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertInstanceOf(CancelledError.class, e.getCause());
    assertTrue(cm.get().expired());
    assertEquals(0.01, loop.time(), 1e-9);
  }

  @Test
  void timeoutError_isNotACancellation() {
    Throwable e = run(() -> failure(Asyncio.timeout(0.01, () -> Asyncio.sleep(10))));
    assertFalse(e instanceof java.util.concurrent.CancellationException);
  }

  @Test
  void timeoutAt_basic_keepsTheDeadline() {
    double[] deadline = new double[1];
    Throwable e = run(() -> {
      deadline[0] = Asyncio.getRunningLoop().time() + 0.01;
      io.jasyncio.Timeout t = Asyncio.timeoutAt(deadline[0]);
      cm.set(t);
      return failure(t.enter(() -> Asyncio.sleep(10)));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertTrue(cm.get().expired());
    assertEquals(deadline[0], cm.get().when());
  }

  @Test
  void nested_sameDeadline_onlyTheOuterRaisesTimeoutError() {
    AtomicReference<io.jasyncio.Timeout> inner = new AtomicReference<>();
    AtomicReference<Throwable> innerSaw = new AtomicReference<>();
    Throwable e = run(() -> {
      double deadline = Asyncio.getRunningLoop().time() + 0.01;
      io.jasyncio.Timeout outer = Asyncio.timeoutAt(deadline);
      cm.set(outer);
      return failure(outer.enter(() -> {
        io.jasyncio.Timeout in = Asyncio.timeoutAt(deadline);
        inner.set(in);
        Future<Void> f = in.enter(() -> Asyncio.sleep(10));
        f.whenComplete((v, x) -> innerSaw.set(x));
        return f;
      }));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertInstanceOf(CancelledError.class, innerSaw.get());
    assertTrue(cm.get().expired());
    assertTrue(inner.get().expired());
  }

  @Test
  void waiter_isCancelled() {
    AtomicReference<Future<Void>> sleep = new AtomicReference<>();
    Throwable e = run(() -> failure(Asyncio.timeout(0.01, () -> {
      sleep.set(Asyncio.sleep(10));
      return sleep.get();
    })));
    assertInstanceOf(TimeoutError.class, e);
    assertTrue(sleep.get().cancelled());
  }

  @Test
  void notCalled_returnsTheResultAndKeepsTheDeadline() {
    String r = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(10);
      cm.set(t);
      return t.enter(() -> Asyncio.sleep(0.01, "done"));
    });
    assertEquals("done", r);
    assertFalse(cm.get().expired());
    assertTrue(cm.get().when() > loop.time());
  }

  @Test
  void disabled_nullDeadlineNeverExpires() {
    String r = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeoutAt(null);
      cm.set(t);
      return t.enter(() -> Asyncio.sleep(3600, "late"));
    });
    assertEquals("late", r);
    assertFalse(cm.get().expired());
    assertNull(cm.get().when());
  }

  @Test
  void timeoutNone_nullDuration_neverExpires() {
    List<Object> seen = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(null); // asyncio.timeout(None)
      cm.set(t);
      return t.enter(() -> Asyncio.sleep(3600, "late"))
          .thenCombine(Asyncio.timeout(null, () -> Asyncio.sleep(1, "one-step")), List::of);
    });
    assertEquals(List.of("late", "one-step"), seen);
    assertFalse(cm.get().expired());
    assertNull(cm.get().when());
    assertEquals(3600.0, loop.time(), 1e-9);
  }

  @Test
  void timeoutNone_rescheduledFromTheBody_expiresThen() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(null);
      cm.set(t);
      return failure(t.enter(() -> Asyncio.sleep(1).thenCompose(v -> {
        t.reschedule(Asyncio.getRunningLoop().time() + 0.5); // arm the deadline from inside
        return Asyncio.sleep(10);
      })));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertInstanceOf(CancelledError.class, e.getCause());
    assertTrue(cm.get().expired());
    assertEquals(1.5, cm.get().when(), 1e-9);
    assertEquals(1.5, loop.time(), 1e-9);
  }

  @Test
  void timeoutAtNone_rescheduledFromACallback_expiresThen() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeoutAt(null); // asyncio.timeout_at(None)
      cm.set(t);
      EventLoop l = Asyncio.getRunningLoop();
      l.callLater(2, () -> t.reschedule(l.time() + 1));
      return failure(t.enter(() -> Asyncio.sleep(3600)));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertTrue(cm.get().expired());
    assertEquals(3.0, loop.time(), 1e-9);
  }

  @Test
  void timeoutNone_withoutARunningLoop_isIllegalState() {
    assertEquals("no running event loop",
        assertThrows(IllegalStateException.class, () -> Asyncio.timeout((Duration) null))
            .getMessage());
  }

  @Test
  void infiniteDelay_neverExpires() {
    assertEquals("x", run(() -> Asyncio.timeout(Double.POSITIVE_INFINITY, () -> Asyncio.sleep(1e6, "x"))));
  }

  @Test
  void zero_expiresAtTheNextIteration() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(0);
      cm.set(t);
      return failure(t.enter(() -> Asyncio.sleep(10)));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertTrue(cm.get().expired());
    assertEquals(0.0, loop.time());
  }

  @Test
  void zero_withSleepZero_stillExpires() {
    Throwable e = run(() -> failure(Asyncio.timeout(0, () -> Asyncio.sleep(0))));
    assertInstanceOf(TimeoutError.class, e);
  }

  @Test
  void inThePast_withSleepZero_expires() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(-11);
      cm.set(t);
      return failure(t.enter(() -> Asyncio.sleep(0)));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertTrue(cm.get().when() <= loop.time());
  }

  @Test
  void foreignException_passesThrough() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(0.01);
      cm.set(t);
      return failure(t.enter(() -> {
        throw new IllegalArgumentException("key");
      }));
    });
    assertInstanceOf(IllegalArgumentException.class, e);
    assertFalse(cm.get().expired());
  }

  @Test
  void foreignExceptionFromTheStage_passesThrough() {
    Throwable e = run(() -> failure(Asyncio.timeout(1,
        () -> Asyncio.sleep(0.5).thenCompose(v -> CompletableFuture.failedFuture(new IllegalStateException("x"))))));
    assertInstanceOf(IllegalStateException.class, e);
    assertEquals("x", e.getMessage());
  }

  @Test
  void foreignCancel_staysACancel_whenNotExpired() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(10);
      cm.set(t);
      Future<Void> f = t.enter(() -> Asyncio.sleep(10));
      Asyncio.getRunningLoop().callLater(1, () -> f.cancel("outside"));
      return failure(f);
    });
    assertInstanceOf(CancelledError.class, e);
    assertEquals("outside", e.getMessage());
    assertFalse(cm.get().expired());
  }

  @Test
  void foreignCancel_inTheIterationTheScopeExpires_staysACancel() {
    Throwable e = run(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      io.jasyncio.Timeout t = Asyncio.timeout(1);
      cm.set(t);
      Future<Void> f = t.enter(() -> Asyncio.sleep(10));
      // same deadline, scheduled after the scope's own timer: both run in one iteration
      l.callAt(t.when(), () -> f.cancel("outside"));
      return failure(f);
    });
    assertInstanceOf(CancelledError.class, e);
    assertEquals("outside", e.getMessage());
    assertTrue(cm.get().expired());
  }

  @Test
  void outerTask_isNotCancelled() {
    Task<Throwable> task = loop.createTask(() -> failure(Asyncio.timeout(0.001, () -> Asyncio.sleep(10))));
    assertInstanceOf(TimeoutError.class, loop.runUntilComplete(task));
    assertFalse(task.cancelled());
    assertTrue(task.done());
  }

  @Test
  void nested_outerExpiresFirst_innerLetsTheCancelThrough() {
    AtomicReference<Throwable> innerSaw = new AtomicReference<>();
    Throwable e = run(() -> failure(Asyncio.timeout(0.002, () -> {
      Future<Void> in = Asyncio.timeout(0.1, () -> Asyncio.sleep(1));
      in.whenComplete((v, x) -> innerSaw.set(x));
      return in;
    })));
    assertInstanceOf(TimeoutError.class, e);
    assertInstanceOf(CancelledError.class, innerSaw.get());
    assertEquals(0.002, loop.time(), 1e-9);
  }

  @Test
  void nested_innerExpires_thenTheOuterStopsTheRest() {
    AtomicReference<Throwable> innerSaw = new AtomicReference<>();
    Throwable e = run(() -> failure(Asyncio.timeout(0.1, () -> failure(
        Asyncio.timeout(0.01, () -> Asyncio.sleep(1)))
        .thenCompose(x -> {
          innerSaw.set(x);
          return Asyncio.sleep(10);
        }))));
    assertInstanceOf(TimeoutError.class, innerSaw.get());
    // the outer scope cancels the plain thenCompose stage it was given
    assertInstanceOf(TimeoutError.class, e);
    assertEquals(0.1, loop.time(), 1e-9);
  }

  @Test
  void reschedule_fromAnotherTask_movesAndDisablesTheDeadline() {
    List<Object> seen = run(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      double d1 = l.time() + 10;
      double d2 = d1 + 20;
      Future<io.jasyncio.Timeout> ready = l.createFuture();
      Task<Void> task = Asyncio.createTask(() -> {
        io.jasyncio.Timeout t = Asyncio.timeoutAt(d1);
        return t.enter(() -> {
          ready.setResult(t);
          return Asyncio.sleep(50);
        });
      });
      // as `cm = await fut`: go on in a later iteration, once the task is waiting
      return ready.thenCompose(t0 -> Asyncio.sleep(0, t0)).thenCompose(t -> {
        Double w1 = t.when();
        t.reschedule(d2);
        Double w2 = t.when();
        t.reschedule(null);
        Double w3 = t.when();
        cm.set(t);
        task.cancel();
        return failure(task).thenApply(x -> List.of(w1 == d1, w2 == d2, String.valueOf(w3),
            x.getClass().getSimpleName()));
      });
    });
    assertEquals(List.of(true, true, "null", "CancelledError"), seen);
    assertFalse(cm.get().expired());
  }

  @Test
  void reschedule_later_letsTheBodyFinish() {
    String r = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(1);
      Asyncio.getRunningLoop().callLater(0.5, () -> t.reschedule(Asyncio.getRunningLoop().time() + 2));
      cm.set(t);
      return t.enter(() -> Asyncio.sleep(2, "finished"));
    });
    assertEquals("finished", r);
    assertFalse(cm.get().expired());
    assertEquals(2.0, loop.time(), 1e-9);
  }

  @Test
  void reschedule_intoThePast_expiresAtTheNextIteration() {
    Throwable e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(100);
      Asyncio.getRunningLoop().callLater(1, () -> t.reschedule(0.0));
      return failure(t.enter(() -> Asyncio.sleep(10)));
    });
    assertInstanceOf(TimeoutError.class, e);
    assertEquals(1.0, loop.time(), 1e-9);
  }

  @Test
  void toString_showsTheState() {
    List<String> r = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeoutAt(5.0);
      io.jasyncio.Timeout never = Asyncio.timeoutAt(null);
      io.jasyncio.Timeout exp = Asyncio.timeout(0.01);
      String created = t.toString();
      String[] active = new String[2];
      return t.enter(() -> {
        active[0] = t.toString();
        return never.enter(() -> {
          active[1] = never.toString();
          return Asyncio.sleep(0);
        });
      }).thenCompose(v -> failure(exp.enter(() -> Asyncio.sleep(1))))
          .thenApply(x -> List.of(created, active[0], active[1], t.toString(), exp.toString()));
    });
    assertEquals(List.of("Timeout[created]", "Timeout[active, when=5.000]", "Timeout[active, when=never]",
        "Timeout[finished]", "Timeout[expired]"), r);
  }

  @Test
  void enter_twice_failsWithAlreadyEntered() {
    String msg = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(0.01);
      return t.enter(() -> {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.enter(() -> Asyncio.sleep(0)));
        return CompletableFuture.completedFuture(e.getMessage());
      });
    });
    assertTrue(msg.contains("has already been entered"), msg);
  }

  @Test
  void enter_afterFinish_failsWithAlreadyEntered() {
    IllegalStateException e = run(() -> {
      io.jasyncio.Timeout t = Asyncio.timeout(0.01);
      return t.enter(() -> Asyncio.sleep(0))
          .thenApply(v -> assertThrows(IllegalStateException.class, () -> t.enter(() -> Asyncio.sleep(0))));
    });
    assertTrue(e.getMessage().contains("has already been entered"));
  }

  @Test
  void reschedule_afterFinish_expired_expiring_notEntered() {
    List<String> msgs = run(() -> {
      io.jasyncio.Timeout fin = Asyncio.timeout(0.01);
      io.jasyncio.Timeout exp = Asyncio.timeout(0.01);
      io.jasyncio.Timeout notEntered = Asyncio.timeout(0.01);
      String[] expiring = new String[1];
      return fin.enter(() -> Asyncio.sleep(0))
          .thenCompose(v -> failure(exp.enter(() -> {
            Future<Void> s = Asyncio.sleep(1);
            s.whenComplete((x, e) -> expiring[0] = assertThrows(IllegalStateException.class,
                () -> exp.reschedule(0.02)).getMessage());
            return s;
          })))
          .thenApply(x -> List.of(
              assertThrows(IllegalStateException.class, () -> fin.reschedule(0.02)).getMessage(),
              assertThrows(IllegalStateException.class, () -> exp.reschedule(0.02)).getMessage(),
              expiring[0],
              assertThrows(IllegalStateException.class, () -> notEntered.reschedule(0.02)).getMessage()));
    });
    assertEquals(List.of("Cannot change state of finished Timeout", "Cannot change state of expired Timeout",
        "Cannot change state of expiring Timeout", "Timeout has not been entered"), msgs);
  }

  @Test
  void bodyThatThrows_failsTheScope_andBodyReturningNull_failsWithNpe() {
    List<Throwable> r = run(() -> failure(Asyncio.timeout(1, () -> {
      throw new java.io.IOException("io");
    })).thenCombine(failure(Asyncio.timeout(1, () -> null)), List::of));
    assertInstanceOf(java.io.IOException.class, r.get(0));
    assertInstanceOf(NullPointerException.class, r.get(1));
  }

  @Test
  void badInput_nullsNameTheirParameter_nanIsRejected() {
    List<String> msgs = run(() -> {
      NullPointerException b = assertThrows(NullPointerException.class, () -> Asyncio.timeout(1.0, null));
      NullPointerException c = assertThrows(NullPointerException.class, () -> Asyncio.timeout(1.0).enter(null));
      assertThrows(IllegalArgumentException.class, () -> Asyncio.timeout(Double.NaN));
      assertThrows(IllegalArgumentException.class, () -> Asyncio.timeoutAt(Double.NaN));
      io.jasyncio.Timeout t = Asyncio.timeout(1);
      return t.enter(() -> {
        assertThrows(IllegalArgumentException.class, () -> t.reschedule(Double.NaN));
        t.reschedule(5.0); // still usable
        return CompletableFuture.completedFuture(List.of(b.getMessage(), c.getMessage(),
            String.valueOf(t.when())));
      });
    });
    assertEquals(List.of("body", "body", "5.0"), msgs);
  }

  @Test
  void durationOverload_andNegativeDuration() {
    Throwable e = run(() -> failure(Asyncio.timeout(Duration.ofMillis(-5), () -> Asyncio.sleep(1))));
    assertInstanceOf(TimeoutError.class, e);
    assertEquals("ok", run(() -> Asyncio.timeout(Duration.ofSeconds(2), () -> Asyncio.sleep(1, "ok"))));
  }

  @Test
  void noRunningLoop_isAnIllegalStateException() {
    assertThrows(IllegalStateException.class, () -> Asyncio.timeout(1));
  }

  @Test
  void enterOrReschedule_fromAnotherLoopsThread_isRejected() throws Exception {
    io.jasyncio.Timeout t = run(() -> CompletableFuture.completedFuture(Asyncio.timeout(1)));
    EventLoop other = Loops.virtualLoop();
    try {
      List<String> msgs = other.runUntilComplete(other.createTask(() -> CompletableFuture.completedFuture(List.of(
          assertThrows(IllegalStateException.class, () -> t.enter(() -> Asyncio.sleep(0))).getMessage(),
          assertThrows(IllegalStateException.class, () -> t.reschedule(1.0)).getMessage()))));
      assertTrue(msgs.get(0).contains("must be called on the thread of the loop"), msgs.get(0));
      assertTrue(msgs.get(1).contains("must be called on the thread of the loop"), msgs.get(1));
    } finally {
      other.close();
    }
    assertFalse(t.expired());
  }

  @Test
  void bodyIsATask_itsCancellationRunsItsCleanupBeforeTheScopeEnds() {
    List<String> order = new java.util.ArrayList<>();
    Throwable e = run(() -> failure(Asyncio.timeout(1, () -> {
      Task<Void> child = Asyncio.createTask(() -> {
        Future<Void> s = Asyncio.sleep(10);
        s.whenComplete((v, x) -> order.add("child cleanup"));
        return s;
      });
      return child;
    })).thenApply(x -> {
      order.add("scope ended");
      return x;
    }));
    assertInstanceOf(TimeoutError.class, e);
    assertEquals(List.of("child cleanup", "scope ended"), order);
  }

  @Test
  void cancellingTheTaskThatReturnedTheScope_isACancelNotATimeout() {
    Task<Void> task = loop.createTask(() -> Asyncio.timeout(10, () -> Asyncio.sleep(100)));
    loop.callLater(1, () -> task.cancel("stop"));
    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals("stop", e.getMessage());
  }
}
