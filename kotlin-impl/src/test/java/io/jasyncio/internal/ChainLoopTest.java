package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Event;
import io.jasyncio.Future;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Semaphore;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Asyncio#doWhile} and {@link Asyncio#repeat}: chain-style loops that keep nothing of a
 * finished iteration, run in constant stack, and let a cancel reach the wait the running iteration
 * is suspended in, consuming nothing.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChainLoopTest {
  private static final CompletableFuture<Boolean> TRUE = CompletableFuture.completedFuture(true);

  private static CompletionStage<Throwable> outcomeOf(CompletionStage<?> t) {
    return t.handle((v, e) -> e);
  }

  @Test
  void repeat_runsTheBodyWithEachIndexInOrder_eachAfterThePreviousStageCompleted() {
    List<String> log = new ArrayList<>();
    Object out = Loops.runVirtual(() -> Asyncio.repeat(3, i -> {
      log.add("start " + i + " at " + Asyncio.getRunningLoop().time());
      return Asyncio.sleep(1).thenRun(() -> log.add("end " + i));
    }).thenApply(v -> log));
    assertEquals(
        List.of("start 0 at 0.0", "end 0", "start 1 at 1.0", "end 1", "start 2 at 2.0", "end 2"),
        out);
  }

  @Test
  void repeat_zeroTimes_completesAtOnceWithoutCallingTheBody() {
    Object out = Loops.runVirtual(() -> {
      Future<Void> f = Asyncio.repeat(0, i -> {
        throw new AssertionError("called");
      });
      return CompletableFuture.completedFuture(f.isDone());
    });
    assertEquals(true, out);
  }

  @Test
  void doWhile_stopsAfterTheIterationThatCompletesWithFalse() {
    Queue<Integer> q = Queue.create();
    List<Integer> got = new ArrayList<>();
    Object out = Loops.runVirtual(() -> {
      for (int i : new int[] {1, 2, -1, 3}) {
        q.putNowait(i);
      }
      return Asyncio.doWhile(() -> q.getAsync().thenApply(x -> {
        if (x < 0) {
          return false;
        }
        got.add(x);
        return true;
      })).thenApply(v -> List.of(got, q.qsize()));
    });
    assertEquals(List.of(List.of(1, 2), 1), out);
  }

  @Test
  void iterationsWhoseStagesAreDone_runInConstantStack_andTheLoopReturnsDone() {
    int n = 1_000_000;
    int[] count = {0};
    Object out = Loops.runVirtual(() -> {
      Future<Void> f = Asyncio.repeat(n, i -> {
        count[0]++;
        return TRUE;
      });
      Future<Void> g = Asyncio.doWhile(() -> CompletableFuture.completedFuture(++count[0] < 2 * n));
      return CompletableFuture.completedFuture(List.of(f.isDone(), g.isDone(), count[0]));
    });
    assertEquals(List.of(true, true, 2 * n), out);
  }

  @Test
  void aFinishedIterationsStages_areGarbageWhileTheLoopRuns_unlikeARecursiveChain() {
    Event ev = Event.create();
    List<java.lang.ref.WeakReference<Object>> first = new ArrayList<>();
    Object out = Loops.runVirtual(() -> {
      Future<Void> loop = Asyncio.repeat(3, i -> {
        CompletionStage<Boolean> s = (i == 1 ? ev.waitAsync() : Asyncio.sleep(0, true)).thenApply(x -> x);
        if (i == 0) {
          first.add(new java.lang.ref.WeakReference<>(s));
        }
        return s;
      });
      // the recursive form of the same loop: its first stage stays pending until the end
      Event ev2 = Event.create();
      CompletionStage<Void> rec = Asyncio.sleep(0, true).thenApply(x -> x).thenCompose(x -> ev2.waitAsync().thenApply(y -> null));
      first.add(new java.lang.ref.WeakReference<>(rec));
      return Asyncio.sleep(0).thenCompose(v -> Asyncio.sleep(0)).thenApply(v -> {
        for (int i = 0; i < 20 && first.get(0).get() != null; i++) {
          System.gc();
        }
        List<Object> r = List.of(first.get(0).get() == null, first.get(1).get() == null, loop.isDone());
        ev.set();
        ev2.set();
        return r;
      });
    });
    assertEquals(List.of(true, false, false), out);
  }

  @Test
  void twoHundredThousandIterationsThroughPendingWaits_moveEveryItemOnce() {
    // one producer and one loop consumer over a queue of 1: every get waits, then is granted
    int n = 200_000;
    Queue<Integer> q = Queue.create(1);
    long[] sum = {0};
    Object out = Loops.runVirtual(() -> {
      Task<Void> consumer = Asyncio.createTask(() -> Asyncio.repeat(n, i -> q.getAsync().thenAccept(x -> sum[0] += x)));
      Task<Void> producer = Asyncio.createTask(() -> Asyncio.repeat(n, i -> q.putAsync(i)));
      return consumer.thenCombine(producer, (a, b) -> sum[0]);
    });
    assertEquals((long) n * (n - 1) / 2, out);
  }

  @Test
  void aFailingIteration_endsTheLoopWithTheOriginalException_andNoLaterIterationRuns() {
    IllegalStateException boom = new IllegalStateException("boom");
    List<Integer> ran = new ArrayList<>();
    Object out = Loops.runVirtual(() -> outcomeOf(Asyncio.repeat(5, i -> {
      ran.add(i);
      return i == 1 ? Asyncio.sleep(0).thenRun(() -> {
        throw boom;
      }) : Asyncio.sleep(0);
    })).thenApply(e -> List.of(e, ran)));
    assertEquals(List.of(boom, List.of(0, 1)), out);
  }

  @Test
  void aBodyThatThrows_endsTheLoopWithThatException() {
    IllegalArgumentException boom = new IllegalArgumentException("body");
    Object out = Loops.runVirtual(() -> outcomeOf(Asyncio.doWhile(() -> {
      throw boom;
    })));
    assertSame(boom, out);
  }

  @Test
  void badInput_namesTheProblem() {
    Object out = Loops.runVirtual(() -> {
      List<Object> r = new ArrayList<>();
      r.add(assertThrows(NullPointerException.class, () -> Asyncio.doWhile(null)).getMessage());
      r.add(assertThrows(IllegalArgumentException.class, () -> Asyncio.repeat(-1, i -> TRUE)).getMessage());
      return outcomeOf(Asyncio.doWhile(() -> null)).thenCompose(e1 -> {
        r.add(e1.getMessage());
        return outcomeOf(Asyncio.doWhile(() -> CompletableFuture.completedFuture(null)));
      }).thenCompose(e2 -> {
        r.add(e2.getMessage());
        return outcomeOf(Asyncio.repeat(2, i -> i == 1 ? null : TRUE));
      }).thenApply(e3 -> {
        r.add(e3.getMessage());
        return r;
      });
    });
    assertEquals(
        List.of(
            "body",
            "times must be at least 0, got -1",
            "the doWhile body returned null instead of a CompletionStage",
            "a doWhile iteration completed with null; it must complete with true (go on) or false (stop)",
            "the repeat body returned null instead of a CompletionStage (iteration 1)"),
        out);
  }

  @Test
  void outsideARunningLoop_failsAtOnce() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.repeat(1, i -> TRUE));
    assertEquals("no running event loop", e.getMessage());
  }

  // ---- cancellation ---------------------------------------------------------------------------

  @Test
  void cancellingTheTask_reachesTheGetTheIterationWaitsIn_andTheNextItemIsNotConsumed() {
    Queue<Integer> q = Queue.create();
    List<Integer> got = new ArrayList<>();
    List<String> fin = new ArrayList<>();
    Object out = Loops.runVirtual(() -> {
      Task<Void> t = Asyncio.createTask(() -> Asyncio.doWhile(() -> q.getAsync()
          .thenApply(x -> got.add(x))
          .whenComplete((v, e) -> fin.add(e == null ? "ok" : e.getClass().getSimpleName()))));
      q.putNowait(1);
      return Asyncio.sleep(0).thenCompose(v -> {
        t.cancel();
        q.putNowait(2); // lands after the cancel, in the same step: must stay in the queue
        return outcomeOf(t);
      }).thenApply(e -> List.of(e.getClass(), got, fin, q.qsize(), t.cancelled()));
    });
    assertEquals(List.of(CancelledError.class, List.of(1), List.of("ok", "CancelledError"), 1, true), out);
  }

  @Test
  void aCancelAfterTheLockWasGranted_leavesTheLockFree_andTheNextWaiterGetsIt() {
    Lock lock = Lock.create();
    Object out = Loops.runVirtual(() -> lock.acquireAsync().thenCompose(held -> {
      Task<Void> a = Asyncio.createTask(() -> Asyncio.repeat(3, i -> lock.acquireAsync().thenRun(lock::release)));
      Task<Void> b = Asyncio.createTask(() -> lock.acquireAsync().thenRun(lock::release));
      return Asyncio.sleep(0).thenCompose(v -> {
        lock.release(); // granted to a
        a.cancel(); // before a's continuation ran
        return outcomeOf(a).thenCombine(b, (e, x) -> List.of(e.getClass(), b.isDone(), lock.locked()));
      });
    }));
    assertEquals(List.of(CancelledError.class, true, false), out);
  }

  @Test
  void aSemaphoreWaitCancelledInTheThirdIteration_leaksNoPermit() {
    Semaphore sem = Semaphore.create(2);
    Object out = Loops.runVirtual(() -> {
      Task<Void> t = Asyncio.createTask(() -> Asyncio.repeat(3, i -> sem.acquireAsync()));
      return Asyncio.sleep(0).thenCompose(v -> {
        t.cancel("stop");
        return outcomeOf(t);
      }).thenApply(e -> List.of(e.getMessage(), sem.toString()));
    });
    assertEquals(List.of("stop", "Semaphore[locked, value=0, waiters=0]"), out);
  }

  @Test
  void aHandleThatRecoversFromTheCancel_endsTheIterationNormally_andTheLoopGoesOn() {
    Event ev = Event.create();
    List<String> log = new ArrayList<>();
    Object out = Loops.runVirtual(() -> {
      Task<Void> t = Asyncio.createTask(() -> Asyncio.repeat(2, i -> ev.waitAsync().handle((v, e) -> {
        log.add(i + ":" + (e == null ? "set" : e.getClass().getSimpleName()));
        return null;
      })));
      return Asyncio.sleep(0).thenCompose(v -> {
        t.cancel();
        return Asyncio.sleep(0);
      }).thenCompose(v -> {
        ev.set();
        return t;
      }).thenApply(v -> List.of(log, t.cancelled(), Asyncio.currentTask() != t));
    });
    assertEquals(List.of(List.of("0:CancelledError", "1:set"), false, true), out);
  }

  @Test
  void aCancelWhileTheBodyRuns_reachesTheStageTheBodyReturns() {
    Event ev = Event.create();
    List<Object> log = new ArrayList<>();
    Object out = Loops.runVirtual(() -> {
      Future<?>[] self = {null};
      self[0] = Asyncio.repeat(2, i -> {
        if (i == 1) {
          log.add(self[0].cancel("from the body"));
        }
        return ev.waitAsync();
      });
      return Asyncio.sleep(0).thenCompose(v -> {
        ev.set();
        return outcomeOf(self[0]);
      }).thenApply(e -> List.of(log, e.getMessage(), ev.isSet()));
    });
    // iteration 0 waited for the event; iteration 1's wait was cancelled as soon as it began
    assertEquals(List.of(List.of(true), "from the body", true), out);
  }

  @Test
  void aCancelWhileTheBodyRuns_reachesThePendingWaitTheBodyStarts_whichConsumesNothing() {
    Queue<Integer> q = Queue.create();
    Object out = Loops.runVirtual(() -> {
      Future<?>[] self = {null};
      self[0] = Asyncio.repeat(2, i -> {
        if (i == 1) {
          self[0].cancel("from the body");
        }
        return q.getAsync();
      });
      q.putNowait(1);
      return Asyncio.waitFor(outcomeOf(self[0]), 5).thenApply(e -> {
        q.putNowait(2);
        return List.of(e.getMessage(), q.qsize());
      });
    });
    assertEquals(List.of("from the body", 1), out);
  }

  @Test
  void cancellingTheLoopFutureItself_whenNothingIsPending_cancelsIt() {
    Object out = Loops.runVirtual(() -> {
      Future<Void> f = Asyncio.repeat(1, i -> Asyncio.sleep(0));
      return Asyncio.sleep(0).thenApply(v -> List.of(f.isDone(), f.cancel(), f.cancelled()));
    });
    assertEquals(List.of(true, false, false), out);
  }

  @Test
  void theIterationsRunAsTheTaskThatStartedTheLoop() {
    List<Boolean> same = new ArrayList<>();
    Object out = Loops.runVirtual(() -> {
      Task<Void>[] t = new Task[1];
      t[0] = Asyncio.createTask(() -> Asyncio.repeat(3, i -> {
        same.add(Asyncio.currentTask() == t[0]);
        return Asyncio.sleep(0);
      }));
      return t[0].thenApply(v -> same);
    });
    assertEquals(List.of(true, true, true), out);
  }

  @Test
  void aCancelledLoop_isTheTasksCancellation_andAnInnerCancelMessageSurvives() {
    Object out = Loops.runVirtual(() -> {
      Task<Void> t = Asyncio.createTask(() -> Asyncio.doWhile(() -> Asyncio.sleep(10).thenApply(v -> true)));
      return Asyncio.sleep(1).thenCompose(v -> {
        t.cancel("enough");
        return outcomeOf(t);
      });
    });
    assertInstanceOf(CancelledError.class, out);
    assertEquals("enough", ((Throwable) out).getMessage());
  }
}
