package io.jasyncio.internal.direct;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static io.jasyncio.internal.direct.DirectTaskTest.runDirect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Semaphore;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's test_tasks.py coroutine-task cancellation behaviours, restated in direct-style Java:
 * the cancel raises at the await, may be caught, counted and uncancelled, reaches the awaited
 * future, and never consumes a grant.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectCancellationTest {
  /** The outcome of awaiting {@code t}: its value, or the exception's class and message. */
  static Object outcome(Task<?> t) {
    try {
      return await(t);
    } catch (Exception e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  static double now() {
    return Asyncio.getRunningLoop().time();
  }

  @Test
  void cancel_raisesCancelledErrorWithItsMessageAtTheAwait() {
    List<Object> events = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      Task<Void> t = Asyncio.createTask(direct(() -> {
        try {
          await(Asyncio.sleep(10));
        } catch (CancelledError e) {
          events.add("caught '" + e.getMessage() + "' at " + now());
          throw e;
        }
        return null;
      }));
      await(Asyncio.sleep(1));
      boolean requested = t.cancel("stop");
      return List.of(requested, outcome(t), t.cancelled(), t.cancelling(), now());
    });
    assertEquals(List.of(true, "CancelledError: stop", true, 1, 1.0), out);
    assertEquals(List.of("caught 'stop' at 1.0"), events);
  }

  @Test
  void cancel_inTryFinally_theFinallyBlockAwaits_thenTheTaskEndsCancelled() {
    List<Object> events = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      Task<Void> t = Asyncio.createTask(direct(() -> {
        try {
          await(Asyncio.sleep(10));
        } finally {
          events.add("finally at " + now());
          await(Asyncio.sleep(2));
          events.add("finally done at " + now());
        }
        return null;
      }));
      await(Asyncio.sleep(1));
      t.cancel();
      return List.of(outcome(t), now());
    });
    assertEquals(List.of("CancelledError: null", 3.0), out);
    assertEquals(List.of("finally at 1.0", "finally done at 3.0"), events);
  }

  @Test
  void cancel_suppressedAndUncancelled_theTaskGoesOnAndReturns() {
    List<Object> out = runDirect(() -> {
      List<Object> seen = new ArrayList<>();
      Task<Integer> t = Asyncio.createTask(direct(() -> {
        try {
          await(Asyncio.sleep(10));
        } catch (CancelledError e) {
          Task<?> me = Asyncio.currentTask();
          seen.add(me.cancelling());
          seen.add(me.uncancel());
        }
        await(Asyncio.sleep(1)); // awaiting again is fine: the cancel was delivered once
        return 42;
      }));
      await(Asyncio.sleep(1));
      t.cancel();
      Object r = outcome(t);
      return List.of(r, t.cancelled(), t.cancelling(), seen, now());
    });
    assertEquals(List.of(42, false, 0, List.of(1, 0), 2.0), out);
  }

  @Test
  void cancel_caughtWithoutUncancel_theTaskReturnsItsValue_andStillCountsTheRequest() {
    List<Object> out = runDirect(() -> {
      Task<Integer> t = Asyncio.createTask(direct(() -> {
        try {
          await(Asyncio.sleep(10));
          return 0;
        } catch (CancelledError e) {
          return 42;
        }
      }));
      await(Asyncio.sleep(0));
      t.cancel();
      return List.of(outcome(t), t.cancelled(), t.cancelling());
    });
    assertEquals(List.of(42, false, 1), out);
  }

  @Test
  void cancel_whileTheBodyRuns_isDeliveredAtItsNextSuspendingAwait() {
    List<Object> events = new ArrayList<>();
    Object out = runDirect(() -> {
      Task<Void> t = Asyncio.createTask(direct(() -> {
        events.add("cancel requested: " + Asyncio.currentTask().cancel("self"));
        events.add("still running");
        events.add("done stage: " + await(CompletableFuture.completedFuture(1)));
        try {
          await(Asyncio.sleep(0));
          events.add("not delivered");
        } catch (CancelledError e) {
          events.add("delivered: " + e.getMessage());
          throw e;
        }
        return null;
      }));
      return outcome(t);
    });
    assertEquals("CancelledError: self", out);
    assertEquals(List.of("cancel requested: true", "still running", "done stage: 1",
        "delivered: self"), events);
  }

  @Test
  void cancel_whileTheBodyRuns_thenTheBodyReturns_endsCancelled() {
    List<Object> out = runDirect(() -> {
      Task<Integer> t = Asyncio.createTask(direct(() -> {
        Asyncio.currentTask().cancel("at end");
        return 12;
      }));
      return List.of(outcome(t), t.cancelled());
    });
    assertEquals(List.of("CancelledError: at end", true), out);
  }

  @Test
  void cancel_whileTheBodyRuns_thenUncancel_isForgotten() {
    Object out = runDirect(() -> {
      Task<String> t = Asyncio.createTask(direct(() -> {
        Asyncio.currentTask().cancel();
        Asyncio.currentTask().uncancel();
        await(Asyncio.sleep(1));
        return "not cancelled";
      }));
      return outcome(t);
    });
    assertEquals("not cancelled", out);
  }

  @Test
  void cancel_beforeTheFirstStep_theBodyNeverRuns() {
    List<Object> events = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      Task<Void> t = Asyncio.createTask(direct(() -> {
        events.add("ran");
        return null;
      }));
      t.cancel("early");
      return List.of(outcome(t), t.cancelled());
    });
    assertEquals(List.of("CancelledError: early", true), out);
    assertEquals(List.of(), events);
  }

  @Test
  void cancel_duringFinally_aSecondCancelInterruptsTheAwaitInFinally() {
    List<Object> events = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      Task<Void> t = Asyncio.createTask(direct(() -> {
        try {
          await(Asyncio.sleep(10));
        } finally {
          try {
            await(Asyncio.sleep(5));
            events.add("finally completed");
          } catch (CancelledError e) {
            events.add("finally interrupted at " + now() + ": " + e.getMessage());
            throw e;
          }
        }
        return null;
      }));
      await(Asyncio.sleep(1));
      t.cancel("first");
      await(Asyncio.sleep(1));
      t.cancel("second");
      return List.of(outcome(t), t.cancelling(), now());
    });
    assertEquals(List.of("CancelledError: second", 2, 2.0), out);
    assertEquals(List.of("finally interrupted at 2.0: second"), events);
  }

  @Test
  void cancel_ofATaskAwaitingAnotherTask_cancelsTheInnerOneToo() {
    List<Object> out = runDirect(() -> {
      Task<Integer> inner = Asyncio.createTask(direct(() -> {
        await(Asyncio.sleep(10));
        return 1;
      }));
      Task<Integer> outer = Asyncio.createTask(direct(() -> await(inner) + 1));
      await(Asyncio.sleep(1));
      outer.cancel("msg");
      return List.of(outcome(outer), inner.cancelled(), outcome(inner), now());
    });
    assertEquals(List.of("CancelledError: msg", true, "CancelledError: msg", 1.0), out);
  }

  @Test
  void cancel_ofATaskAwaitingATaskThatSuppressesIt_returnsTheInnerValue() {
    List<Object> out = runDirect(() -> {
      Task<Integer> inner = Asyncio.createTask(direct(() -> {
        try {
          await(Asyncio.sleep(10));
          return 1;
        } catch (CancelledError e) {
          await(Asyncio.sleep(1));
          return 5;
        }
      }));
      Task<Integer> outer = Asyncio.createTask(direct(() -> await(inner) * 10));
      await(Asyncio.sleep(1));
      outer.cancel();
      return List.of(outcome(outer), outer.cancelling(), inner.cancelled(), now());
    });
    assertEquals(List.of(50, 1, false, 2.0), out);
  }

  @Test
  void exceptionChaining_aFailureRaisedWhileHandlingTheCancelKeepsItAsCause() {
    List<Object> out = runDirect(() -> {
      Task<Void> t = Asyncio.createTask(direct(() -> {
        try {
          await(Asyncio.sleep(10));
        } catch (CancelledError e) {
          throw new IllegalStateException("cleanup failed", e);
        }
        return null;
      }));
      await(Asyncio.sleep(0));
      t.cancel("why");
      try {
        await(t);
        return List.of("no exception");
      } catch (IllegalStateException e) {
        return List.of(e.getMessage(), e.getCause().getClass().getSimpleName(),
            e.getCause().getMessage(), t.cancelled());
      }
    });
    assertEquals(List.of("cleanup failed", "CancelledError", "why", false), out);
  }

  // ---- grants are never lost ------------------------------------------------------------------

  @Test
  void queueGet_cancelledAfterAPutGrantedIt_endsCancelled_andTheItemStaysInTheQueue() {
    Queue<Integer> q = Queue.create();
    List<Object> out = runDirect(() -> {
      Task<Integer> getter = Asyncio.createTask(direct(() -> await(q.getAsync())));
      await(Asyncio.sleep(0));
      q.putNowait(1);
      getter.cancel();
      return List.of(outcome(getter), q.qsize(), q.getNowait());
    });
    assertEquals(List.of("CancelledError: null", 1, 1), out);
  }

  @Test
  void queueGet_deliveredThenCancelled_theBodyHasTheItem_andTheCancelRaisesAtTheNextAwait() {
    Queue<Integer> q = Queue.create();
    List<Object> got = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      Task<Void> getter = Asyncio.createTask(direct(() -> {
        int x = await(q.getAsync());
        got.add(x);
        await(Asyncio.sleep(10));
        return null;
      }));
      await(Asyncio.sleep(0));
      q.putNowait(1);
      await(Asyncio.sleep(0)); // the delivery step: the body takes the item and sleeps
      getter.cancel();
      return List.of(outcome(getter), q.qsize());
    });
    assertEquals(List.of("CancelledError: null", 0), out);
    assertEquals(List.of(1), got);
  }

  @Test
  void lockAcquire_cancelledAfterTheGrant_passesTheLockToTheNextWaiter() {
    Lock lock = Lock.create();
    List<Object> out = runDirect(() -> {
      await(lock.acquireAsync());
      Task<String> b = Asyncio.createTask(direct(() -> {
        await(lock.acquireAsync());
        lock.release();
        return "b";
      }));
      Task<String> c = Asyncio.createTask(direct(() -> {
        await(lock.acquireAsync());
        try {
          return "c held it";
        } finally {
          lock.release();
        }
      }));
      await(Asyncio.sleep(0));
      lock.release();
      b.cancel();
      return List.of(outcome(b), outcome(c), lock.locked());
    });
    assertEquals(List.of("CancelledError: null", "c held it", false), out);
  }

  @Test
  void semaphoreAcquire_cancelledAfterTheGrant_leaksNoPermit() {
    Semaphore sem = Semaphore.create(0);
    List<Object> out = runDirect(() -> {
      Task<Void> r = Asyncio.createTask(direct(() -> {
        await(sem.acquireAsync());
        return null;
      }));
      await(Asyncio.sleep(0));
      sem.release();
      r.cancel();
      return List.of(outcome(r), sem.toString());
    });
    assertEquals(List.of("CancelledError: null", "Semaphore[unlocked, value=1, waiters=0]"), out);
  }
}
