package io.jasyncio.internal;

import io.jasyncio.internal.future.FutureImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invariants of gather and waitFor under random timing, failures and cancellations (virtual
 * clock, fixed seeds), and cancellations arriving from other threads. Sized for 2 cores;
 * -Djasyncio.stress=N scales it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CompositionStressTest {
  private static final int SCALE = Integer.getInteger("jasyncio.stress", 1);

  @Test
  void gather_everyChildEndsAccountedFor_andNothingIsReportedUnretrieved() {
    for (int round = 0; round < 20 * SCALE; round++) {
      Random rnd = new Random(round);
      EventLoop loop = Loops.virtualLoop();
      List<ExceptionContext> errors = Loops.recordErrors(loop);
      int n = 1 + rnd.nextInt(50);
      boolean returnExceptions = rnd.nextBoolean();
      List<Task<Integer>> children = new ArrayList<>();
      Task<Object> main = loop.createTask(() -> {
        for (int i = 0; i < n; i++) {
          int v = i;
          double d = rnd.nextInt(100) / 100.0;
          int kind = rnd.nextInt(10);
          children.add(Asyncio.createTask(() -> Asyncio.sleep(d, v).thenApply(x -> {
            if (kind == 0) {
              throw new IllegalStateException("child " + v);
            }
            return x;
          })));
          if (kind == 1) {
            Task<Integer> c = children.get(i);
            loop.callLater(rnd.nextInt(100) / 100.0, () -> c.cancel());
          }
        }
        Future<List<Object>> g = Asyncio.gather(children, returnExceptions);
        if (rnd.nextInt(4) == 0) {
          loop.callLater(rnd.nextInt(100) / 100.0, () -> g.cancel());
        }
        return g.handle((r, e) -> e == null ? (Object) r : FutureImpl.Companion.normalize(e))
            .thenCompose(x -> Asyncio.sleep(2, x));
      });
      Object outcome = loop.runUntilComplete(main);
      loop.close();
      for (Task<Integer> c : children) {
        assertTrue(c.done(), "every child is done after the gather and 2 s");
      }
      if (outcome instanceof List<?> results) {
        assertEquals(n, results.size());
        for (int i = 0; i < n; i++) {
          Task<Integer> c = children.get(i);
          Object r = results.get(i);
          if (c.cancelled()) {
            assertTrue(returnExceptions && r instanceof CancelledError, "round " + round);
          } else if (c.exception() != null) {
            assertTrue(returnExceptions && r instanceof IllegalStateException, "round " + round);
          } else {
            assertEquals(i, r);
          }
        }
      } else {
        assertTrue(outcome instanceof CancelledError || outcome instanceof IllegalStateException,
            "round " + round + ": " + outcome);
      }
      assertEquals(List.of(), errors, "round " + round);
    }
  }

  @Test
  void waitFor_resultOrTimeoutError_neverBoth_andTheInnerAlwaysEnds() {
    for (int round = 0; round < 50 * SCALE; round++) {
      Random rnd = new Random(1000 + round);
      double work = rnd.nextInt(20) / 10.0;
      double timeout = rnd.nextInt(20) / 10.0;
      EventLoop loop = Loops.virtualLoop();
      Task<Integer>[] inner = new Task[1];
      Object out = loop.runUntilComplete(loop.createTask(() -> {
        inner[0] = Asyncio.createTask(() -> Asyncio.sleep(work, 1));
        return Asyncio.waitFor(inner[0], timeout)
            .handle((v, e) -> e == null ? (Object) v : FutureImpl.Companion.normalize(e));
      }));
      loop.close();
      assertTrue(inner[0].done());
      if (out instanceof TimeoutError) {
        assertTrue(inner[0].cancelled(), "round " + round);
        // a tie times out: the timeout's timer was scheduled before the task's first step
        assertTrue(work >= timeout, "round " + round);
      } else {
        assertEquals(1, out, "round " + round);
        assertTrue(work < timeout, "round " + round);
      }
    }
  }

  @Test
  void gatherCancelledFromOtherThreads_whileTheLoopRuns() throws Exception {
    for (int round = 0; round < 20 * SCALE; round++) {
      EventLoop loop = Asyncio.newEventLoop();
      CountDownLatch started = new CountDownLatch(1);
      List<Task<Void>> children = new ArrayList<>();
      CompletableFuture<Future<List<Void>>> gathered = new CompletableFuture<>();
      Thread canceller = new Thread(() -> {
        try {
          started.await(5, TimeUnit.SECONDS);
          gathered.join().cancel();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      canceller.start();
      Object out = loop.runUntilComplete(loop.createTask(() -> {
        for (int i = 0; i < 20; i++) {
          children.add(Asyncio.createTask(() -> Asyncio.sleep(30)));
        }
        Future<List<Void>> g = Asyncio.gather(children);
        gathered.complete(g);
        started.countDown();
        return g.handle((r, e) -> FutureImpl.Companion.normalize(e));
      }));
      canceller.join();
      loop.close();
      assertTrue(out instanceof CancelledError, "round " + round + ": " + out);
      for (Task<Void> c : children) {
        assertTrue(c.cancelled());
      }
    }
  }
}
