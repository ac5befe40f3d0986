package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Barrier;
import io.jasyncio.BoundedSemaphore;
import io.jasyncio.BrokenBarrierError;
import io.jasyncio.CancelledError;
import io.jasyncio.Condition;
import io.jasyncio.Event;
import io.jasyncio.Future;
import io.jasyncio.Lock;
import io.jasyncio.Semaphore;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java face of the synchronization primitives. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyncJavaTest {
  private static CompletableFuture<Void> nextIteration() {
    return Asyncio.sleep(0).toCompletableFuture();
  }

  /** Completes once {@code n} parties wait on {@code cond} (checked once per loop iteration). */
  private static CompletableFuture<Void> untilWaiting(Condition cond, int n) {
    return cond.conditionStatistics().waiting() == n
        ? CompletableFuture.completedFuture(null)
        : nextIteration().thenCompose(v -> untilWaiting(cond, n));
  }

  @Test
  void acquireAsync_onLoop_returnsLoopFutureCompletedOnLoopThread() {
    Loops.runVirtual(() -> {
      Lock lock = Lock.create();
      Thread loopThread = Thread.currentThread();
      CompletableFuture<Void> first = lock.acquireAsync();
      assertInstanceOf(Future.class, first);
      assertTrue(first.isDone());
      CompletableFuture<Void> second = lock.acquireAsync();
      assertFalse(second.isDone());
      CompletableFuture<Thread> seen = second.thenApply(v -> Thread.currentThread());
      CompletableFuture.runAsync(lock::release).join();
      return seen.thenAccept(t -> {
        assertSame(loopThread, t);
        assertTrue(lock.locked());
        lock.release();
        assertFalse(lock.locked());
      });
    });
  }

  @Test
  void acquireAsync_longChainOfJavaWaitersOnALoop_eachWokenInALaterIteration() {
    int n = 5000;
    int count = Loops.runVirtual(() -> {
      Lock lock = Lock.create();
      int[] held = {0};
      CompletableFuture<?>[] all = new CompletableFuture<?>[n];
      for (int i = 0; i < n; i++) {
        // each holder releases in its continuation: with inline hand-off this nested n deep
        all[i] = lock.acquireAsync().thenRun(() -> {
          held[0]++;
          lock.release();
        });
      }
      return CompletableFuture.allOf(all).thenApply(v -> held[0]);
    });
    assertEquals(n, count);
  }

  @Test
  void acquireAsync_plainThread_returnsPlainFutureAndCancelWithdraws() throws Exception {
    Lock lock = Lock.create();
    CompletableFuture<Void> held = lock.acquireAsync();
    assertTrue(held.isDone());
    assertFalse(held instanceof Future);
    CompletableFuture<Void> cancelled = lock.acquireAsync();
    CompletableFuture<Void> waiting = lock.acquireAsync();
    assertTrue(cancelled.cancel(false));
    assertEquals(1, lock.statistics().waiting());
    lock.release();
    waiting.get(5, TimeUnit.SECONDS);
    assertTrue(lock.locked());
    lock.release();
    assertFalse(lock.locked());
  }

  @Test
  void acquireAsync_cancelAfterGrant_returnsFalseAndTheCallerHoldsTheLock() throws Exception {
    Lock lock = Lock.create();
    lock.acquireAsync().join();
    CompletableFuture<Void> f = lock.acquireAsync();
    lock.release(); // granted to f
    assertFalse(f.cancel(false));
    f.get(5, TimeUnit.SECONDS);
    assertTrue(lock.locked());
    lock.release();
    assertFalse(lock.locked());
  }

  @Test
  void withLockAsync_releasesOnSuccessFailureAndCancel() {
    Loops.runVirtual(() -> {
      Lock lock = Lock.create();
      CompletableFuture<Integer> ok = lock.withLockAsync(() -> {
        assertTrue(lock.locked());
        return CompletableFuture.completedFuture(7);
      });
      assertInstanceOf(Task.class, ok);
      return ok.thenCompose(v -> {
        assertEquals(7, v);
        assertFalse(lock.locked());
        CompletableFuture<Integer> bad = lock.withLockAsync(() -> {
          throw new IllegalStateException("boom");
        });
        return bad.handle((r, e) -> e);
      }).thenCompose(e -> {
        assertInstanceOf(IllegalStateException.class, e);
        assertFalse(lock.locked());
        CompletableFuture<Void> never = new CompletableFuture<>();
        CompletableFuture<Void> body = lock.withLockAsync(() -> never);
        return nextIteration().thenCompose(v -> {
          assertTrue(lock.locked());
          assertTrue(body.cancel(false));
          return body.handle((r, x) -> x);
        });
      }).thenApply(e -> {
        assertInstanceOf(CancelledError.class, e);
        assertFalse(lock.locked());
        return null;
      });
    });
  }

  @Test
  void withLockAsync_plainThread_runsTheBodyAndReleases() throws Exception {
    Lock lock = Lock.create();
    assertEquals("x", lock.withLockAsync(() -> CompletableFuture.completedFuture("x"))
        .get(5, TimeUnit.SECONDS));
    assertFalse(lock.locked());
    lock.acquireAsync().join();
    CompletableFuture<String> later =
        lock.withLockAsync(() -> CompletableFuture.completedFuture(Thread.currentThread().getName()));
    assertFalse(later.isDone());
    lock.release();
    assertTrue(later.get(5, TimeUnit.SECONDS).length() > 0);
    assertFalse(lock.locked());
  }

  @Test
  void semaphore_javaFace() throws Exception {
    Semaphore sem = Semaphore.create(2);
    sem.acquireAsync().join();
    assertTrue(sem.tryAcquire());
    assertFalse(sem.tryAcquire());
    assertTrue(sem.locked());
    CompletableFuture<Void> w = sem.acquireAsync();
    sem.release();
    w.get(5, TimeUnit.SECONDS);
    assertEquals(0, sem.availablePermits());
    sem.release();
    sem.release();
    assertEquals(2, sem.availablePermits());
    assertEquals(5, sem.withPermitAsync(() -> CompletableFuture.completedFuture(5))
        .get(5, TimeUnit.SECONDS));
    assertEquals(2, sem.availablePermits());
  }

  @Test
  void boundedSemaphore_overRelease_isIllegalArgumentAndChangesNothing() {
    BoundedSemaphore sem = Semaphore.bounded(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sem::release);
    assertTrue(e.getMessage().contains("too many"));
    assertEquals(1, sem.availablePermits());
    assertEquals(1, sem.bound());
    assertEquals(1, BoundedSemaphore.create(1).bound());
    assertEquals(new Semaphore.SemaphoreStatistics(1, 0, 1), sem.statistics());
  }

  @Test
  void event_waitAsync() {
    Loops.runVirtual(() -> {
      Event ev = Event.create();
      List<Integer> order = new ArrayList<>();
      CompletableFuture<?>[] fs = new CompletableFuture<?>[3];
      for (int i = 0; i < 3; i++) {
        int n = i;
        fs[i] = ev.waitAsync().thenRun(() -> order.add(n));
      }
      CompletableFuture<Boolean> cancelled = ev.waitAsync();
      assertTrue(cancelled.cancel(false));
      assertEquals(3, ev.statistics().waiting());
      ev.set();
      return CompletableFuture.allOf(fs).thenRun(() -> {
        assertEquals(List.of(0, 1, 2), order);
        assertTrue(ev.waitAsync().isDone());
        ev.clear();
        assertFalse(ev.waitAsync().isDone());
      });
    });
  }

  @Test
  void event_waitAsync_completesWithTrue_onTheLoopThread() {
    Thread[] loopThread = new Thread[1];
    List<Object> seen = Loops.runVirtual(() -> {
      loopThread[0] = Thread.currentThread();
      Event ev = Event.create();
      CompletableFuture<Boolean> waiting = ev.waitAsync();
      CompletableFuture<Thread> completedOn = waiting.thenApply(ok -> Thread.currentThread());
      assertFalse(waiting.isDone());
      CompletableFuture.runAsync(ev::set).join(); // set from another thread
      return completedOn.thenApply(t -> {
        CompletableFuture<Boolean> fast = ev.waitAsync(); // the flag is set: done at once
        assertTrue(fast.isDone());
        return List.of(waiting.join(), t, fast.join());
      });
    });
    assertEquals(List.of(Boolean.TRUE, loopThread[0], Boolean.TRUE), seen);
  }

  @Test
  void event_waitAsync_offLoop_completesWithTrueOnTheSettingThread() {
    Event ev = Event.create();
    CompletableFuture<Boolean> waiting = ev.waitAsync();
    CompletableFuture<Thread> completedOn = waiting.thenApply(ok -> Thread.currentThread());
    assertFalse(waiting.isDone());
    ev.set();
    assertEquals(Boolean.TRUE, waiting.getNow(null));
    assertSame(Thread.currentThread(), completedOn.getNow(null));
    assertEquals(Boolean.TRUE, ev.waitAsync().getNow(null));
  }

  @Test
  void event_waitAsync_cancelledBeforeItsWakeUpStep_endsCancelled_othersStillGetTrue() {
    List<Object> seen = Loops.runVirtual(() -> {
      Event ev = Event.create();
      CompletableFuture<Boolean> a = ev.waitAsync();
      CompletableFuture<Boolean> b = ev.waitAsync();
      ev.set();
      boolean cancelled = a.cancel(false); // the same step as set(): before a's wake-up step
      return b.thenApply(v -> List.of(cancelled, a.isCancelled(), v, ev.statistics()));
    });
    assertEquals(List.of(true, true, true, new Event.EventStatistics(true, 0)), seen);
  }

  @Test
  void event_waitAsync_offLoop_isClaimedBySet_cancelReturnsFalse() {
    Event ev = Event.create();
    CompletableFuture<Boolean> waiting = ev.waitAsync();
    ev.set();
    assertFalse(waiting.cancel(false));
    assertEquals(Boolean.TRUE, waiting.getNow(null));
  }

  @Test
  void condition_waitAsync_completesWithTrue() {
    List<Object> seen = Loops.runVirtual(() -> {
      Condition cond = Condition.create();
      CompletableFuture<Boolean> waiter = cond.withLockAsync(
          () -> cond.waitAsync().thenApply(ok -> {
            assertTrue(cond.locked());
            return ok;
          }));
      return nextIteration().thenCompose(v -> cond.withLockAsync(() -> {
        cond.notifyOne();
        return CompletableFuture.<Void>completedFuture(null);
      })).thenCompose(v -> waiter).thenApply(ok -> List.of(ok, cond.locked()));
    });
    assertEquals(List.of(Boolean.TRUE, false), seen);
  }

  @Test
  void condition_waitForAsync_returnsThePredicatesFirstTrueValue() {
    List<Object> seen = Loops.runVirtual(() -> {
      Condition cond = Condition.create();
      java.util.ArrayDeque<String> items = new java.util.ArrayDeque<>();
      List<Object> checks = new ArrayList<>();
      // null and Boolean.FALSE are the false values; anything else ends the wait and is returned
      Object[] answers = {null, Boolean.FALSE};
      AtomicInteger calls = new AtomicInteger();
      CompletableFuture<Object> item = cond.withLockAsync(() -> cond.waitForAsync(() -> {
        assertTrue(cond.locked());
        int n = calls.getAndIncrement();
        Object r = n < answers.length ? answers[n] : items.peek();
        checks.add(String.valueOf(r));
        return r;
      }));
      CompletableFuture<Void> notify = untilWaiting(cond, 1);
      for (int i = 0; i < 2; i++) {
        notify = notify.thenCompose(v -> cond.withLockAsync(() -> {
          cond.notifyAllWaiters();
          return CompletableFuture.<Void>completedFuture(null);
        })).thenCompose(v -> untilWaiting(cond, 1));
      }
      return notify.thenCompose(v -> cond.withLockAsync(() -> {
        items.add("x");
        cond.notifyAllWaiters();
        return CompletableFuture.<Void>completedFuture(null);
      })).thenCompose(v -> item).thenApply(r -> List.of(r, checks));
    });
    assertEquals(List.of("x", List.of("null", "false", "null", "x")), seen);
  }

  @Test
  void condition_waitForAsync_booleanLambdaCompletesWithTrue_andTrueAtOnceDoesNotWait() {
    List<Object> seen = Loops.runVirtual(() -> {
      Condition cond = Condition.create();
      boolean[] flag = {true};
      // a boolean lambda and a boolean method reference still compile, unambiguously
      CompletableFuture<Boolean> byLambda = cond.withLockAsync(
          () -> cond.waitForAsync(() -> flag[0]));
      CompletableFuture<Boolean> byRef = cond.withLockAsync(() -> cond.waitForAsync(cond::locked));
      return byLambda.thenCombine(byRef, (a, b) -> List.of(a, b, cond.conditionStatistics()));
    });
    assertEquals(List.of(true, true,
        new Condition.ConditionStatistics(0, new Lock.LockStatistics(false, 0))), seen);
  }

  @Test
  void condition_waitForAsync_predicateFailureFailsTheFutureWithTheLockHeld() {
    List<Object> seen = Loops.runVirtual(() -> {
      Condition cond = Condition.create();
      IllegalStateException boom = new IllegalStateException("boom");
      return cond.acquireAsync()
          .thenCompose(v -> cond.waitForAsync(() -> {
            throw boom;
          }))
          .handle((r, e) -> {
            List<Object> out = List.of(
                e instanceof java.util.concurrent.CompletionException ? e.getCause() : e,
                cond.locked());
            cond.release();
            return out;
          });
    });
    assertInstanceOf(IllegalStateException.class, seen.get(0));
    assertEquals("boom", ((Throwable) seen.get(0)).getMessage());
    assertEquals(true, seen.get(1));
  }

  @Test
  void condition_waitAsyncAndNotify() {
    Loops.runVirtual(() -> {
      Condition cond = Condition.create();
      AtomicInteger value = new AtomicInteger();
      CompletableFuture<Void> waiter = cond.withLockAsync(
          () -> cond.waitForAsync(() -> value.get() == 2).thenRun(() -> {
            assertTrue(cond.locked());
            value.incrementAndGet();
          }));
      return nextIteration().thenCompose(v -> cond.withLockAsync(() -> {
        value.set(1);
        cond.notifyOne();
        return nextIteration();
      })).thenCompose(v -> cond.withLockAsync(() -> {
        value.set(2);
        cond.notifyAllWaiters();
        return CompletableFuture.<Void>completedFuture(null);
      })).thenCompose(v -> waiter).thenRun(() -> {
        assertEquals(3, value.get());
        assertFalse(cond.locked());
        assertEquals(0, cond.conditionStatistics().waiting());
      });
    });
  }

  @Test
  void condition_waitAsyncCancelled_reacquiresBeforeItCompletes() {
    Loops.runVirtual(() -> {
      Condition cond = Condition.create();
      AtomicBoolean heldAtEnd = new AtomicBoolean();
      CompletableFuture<Boolean> outer = cond.withLockAsync(() -> {
        CompletableFuture<Boolean> w = cond.waitAsync();
        w.whenComplete((r, e) -> heldAtEnd.set(cond.locked()));
        return w;
      });
      return nextIteration().thenCompose(v -> cond.acquireAsync()).thenCompose(v -> {
        outer.cancel(false);
        return nextIteration();
      }).thenCompose(v -> {
        assertFalse(outer.isDone()); // waits to re-acquire the lock we hold
        cond.release();
        return outer.handle((r, e) -> e);
      }).thenApply(e -> {
        assertInstanceOf(CancelledError.class, e);
        assertTrue(heldAtEnd.get());
        assertFalse(cond.locked());
        return null;
      });
    });
  }

  @Test
  void condition_withoutTheLock_failsWithIllegalState() throws Exception {
    Condition cond = Condition.create();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> cond.waitAsync().get(5, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertThrows(IllegalStateException.class, () -> cond.notify(1));
    assertThrows(IllegalStateException.class, cond::notifyOne);
    assertThrows(IllegalStateException.class, cond::notifyAllWaiters);
  }

  @Test
  void barrier_waitAsync_indicesAndBroken() throws Exception {
    Barrier b = Barrier.create(3);
    CompletableFuture<Integer> a = b.waitAsync();
    CompletableFuture<Integer> c = b.waitAsync();
    assertEquals(2, b.nWaiting());
    assertEquals(2, b.waitAsync().get(5, TimeUnit.SECONDS));
    assertEquals(0, a.get(5, TimeUnit.SECONDS));
    assertEquals(1, c.get(5, TimeUnit.SECONDS));
    CompletableFuture<Integer> x = b.waitAsync();
    CompletableFuture<Integer> gone = b.waitAsync();
    assertTrue(gone.cancel(false));
    assertEquals(1, b.nWaiting());
    b.abort();
    ExecutionException e = assertThrows(ExecutionException.class, () -> x.get(5, TimeUnit.SECONDS));
    assertInstanceOf(BrokenBarrierError.class, e.getCause());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(b.broken());
    assertTrue(b.waitAsync().isCompletedExceptionally());
    b.reset();
    assertFalse(b.broken());
  }

  @Test
  void badInput_namesTheParameter() {
    Lock lock = Lock.create();
    assertEquals("body", assertThrows(NullPointerException.class,
        () -> lock.withLockAsync(null)).getMessage());
    assertEquals("body", assertThrows(NullPointerException.class,
        () -> Semaphore.create(1).withPermitAsync(null)).getMessage());
    assertEquals("lock", assertThrows(NullPointerException.class,
        () -> Condition.create(null)).getMessage());
    assertEquals("predicate", assertThrows(NullPointerException.class,
        () -> Condition.create().waitForAsync(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Semaphore.create(-1));
    assertThrows(IllegalArgumentException.class, () -> Semaphore.bounded(-1));
    assertThrows(IllegalArgumentException.class, () -> Barrier.create(0));
    Lock foreign = new Lock() {
      @Override public CompletableFuture<Void> acquireAsync() { return null; }
      @Override public boolean tryAcquire() { return false; }
      @Override public void release() {}
      @Override public boolean locked() { return false; }
      @Override public <T> CompletableFuture<T> withLockAsync(io.jasyncio.AsyncCallable<T> b) {
        return null;
      }
      @Override public LockStatistics statistics() { return null; }
    };
    assertThrows(IllegalArgumentException.class, () -> Condition.create(foreign));
    assertThrows(IllegalStateException.class, lock::release);
    assertTrue(lock.tryAcquire()); // still usable
  }

  @Test
  void toStrings() {
    assertEquals("Lock[unlocked]", Lock.create().toString());
    assertEquals("Event[unset, waiters=0]", Event.create().toString());
    assertEquals("Semaphore[unlocked, value=3, waiters=0]", Semaphore.create(3).toString());
    assertEquals("Condition[unlocked, waiters=0]", Condition.create().toString());
    assertEquals("Barrier[filling, waiters=0/2]", Barrier.create(2).toString());
    Lock l = Lock.create();
    l.tryAcquire();
    assertNotSame(l.statistics(), l.statistics());
    assertEquals(new Lock.LockStatistics(true, 0), l.statistics());
  }
}
