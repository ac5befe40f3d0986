package io.jasyncio.internal.direct;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static io.jasyncio.internal.direct.DirectCancellationTest.now;
import static io.jasyncio.internal.direct.DirectCancellationTest.outcome;
import static io.jasyncio.internal.direct.DirectTaskTest.runDirect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import io.jasyncio.TaskGroupException;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's test_timeouts.py and the wait_for/shield/gather/TaskGroup behaviours of test_tasks.py
 * with direct bodies: every entry point takes {@code direct(body)} and the awaits inside the body
 * are what the scope cancels.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectCompositionTest {
  @Test
  void timeout_expiresAroundADirectAwait_raisesTimeoutErrorCausedByTheCancel() {
    List<Object> events = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      try {
        await(Asyncio.timeout(1.0, direct(() -> {
          try {
            await(Asyncio.sleep(10));
            return "slept";
          } finally {
            events.add("body finally at " + now());
          }
        })));
        return List.of("no timeout");
      } catch (TimeoutError e) {
        return List.of(e.getCause().getClass().getSimpleName(), now(),
            Asyncio.currentTask().cancelling());
      }
    });
    assertEquals(List.of("CancelledError", 1.0, 0), out);
    assertEquals(List.of("body finally at 1.0"), events);
  }

  @Test
  void timeout_notExpired_returnsTheBodyValue() {
    Object out = runDirect(() -> await(Asyncio.timeout(5.0, direct(() -> {
      await(Asyncio.sleep(1));
      return "done at " + now();
    }))));
    assertEquals("done at 1.0", out);
  }

  @Test
  void nestedTimeouts_theOuterExpiresFirst_onlyTheOuterRaises() {
    List<Object> events = new ArrayList<>();
    Object out = runDirect(() -> {
      try {
        return await(Asyncio.timeout(1.0, direct(() -> {
          try {
            return await(Asyncio.timeout(2.0, direct(() -> await(Asyncio.sleep(10, "slept")))));
          } catch (TimeoutError e) {
            events.add("inner timeout");
            throw e;
          } catch (CancelledError e) {
            events.add("inner scope cancelled at " + now());
            throw e;
          }
        })));
      } catch (TimeoutError e) {
        return "outer timeout at " + now();
      }
    });
    assertEquals("outer timeout at 1.0", out);
    assertEquals(List.of("inner scope cancelled at 1.0"), events);
  }

  @Test
  void nestedTimeouts_theInnerExpiresFirst_theBodyCatchesItAndGoesOn() {
    Object out = runDirect(() -> await(Asyncio.timeout(2.0, direct(() -> {
      try {
        await(Asyncio.timeout(1.0, direct(() -> await(Asyncio.sleep(10)))));
        return "no inner timeout";
      } catch (TimeoutError e) {
        await(Asyncio.sleep(0.5));
        return "inner timeout caught, done at " + now();
      }
    }))));
    assertEquals("inner timeout caught, done at 1.5", out);
  }

  @Test
  void timeout_aForeignCancelStaysACancel() {
    List<Object> out = runDirect(() -> {
      Task<Object> t = Asyncio.createTask(direct(() ->
          await(Asyncio.timeout(5.0, direct(() -> await(Asyncio.sleep(10, "slept")))))));
      await(Asyncio.sleep(1));
      t.cancel("outside");
      return List.of(outcome(t), t.cancelled());
    });
    assertEquals(List.of("CancelledError: outside", true), out);
  }

  @Test
  void waitFor_aDirectBody_timesOut_afterItsFinallyRan() {
    List<Object> events = new ArrayList<>();
    Object out = runDirect(() -> {
      try {
        return await(Asyncio.waitFor(direct(() -> {
          try {
            return await(Asyncio.sleep(10, "slept"));
          } finally {
            events.add("finally at " + now());
            await(Asyncio.sleep(0.5)); // waitFor waits until the inner finished cancelling
            events.add("finally done at " + now());
          }
        }), 1.0));
      } catch (TimeoutError e) {
        return "TimeoutError at " + now();
      }
    });
    assertEquals("TimeoutError at 1.5", out);
    assertEquals(List.of("finally at 1.0", "finally done at 1.5"), events);
  }

  @Test
  void waitFor_aBodyThatSuppressesTheCancel_returnsItsValue() {
    Object out = runDirect(() -> await(Asyncio.waitFor(direct(() -> {
      try {
        return await(Asyncio.sleep(10, "slept"));
      } catch (CancelledError e) {
        return "suppressed";
      }
    }), 1.0)));
    assertEquals("suppressed", out);
  }

  @Test
  void waitFor_aQueueGetInADirectBody_timesOut_andTheItemIsNotLost() {
    Queue<Integer> q = Queue.create();
    List<Object> out = runDirect(() -> {
      Object first;
      try {
        first = await(Asyncio.waitFor(q.getAsync(), 1.0));
      } catch (TimeoutError e) {
        first = "timeout at " + now();
      }
      q.putNowait(7);
      return List.of(first, await(Asyncio.waitFor(q.getAsync(), 1.0)), q.qsize());
    });
    assertEquals(List.of("timeout at 1.0", 7, 0), out);
  }

  @Test
  void waitFor_aQueueGet_cancelledInTheIterationOfTheDelivery_theBodyHasTheItem() {
    Queue<Integer> q = Queue.create();
    List<Object> got = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      Task<Void> consumer = Asyncio.createTask(direct(() -> {
        got.add(await(Asyncio.waitFor(q.getAsync(), 10)));
        await(Asyncio.sleep(10));
        return null;
      }));
      await(Asyncio.sleep(0));
      q.putNowait(1); // the getter's delivery step runs in the next iteration, then this cancel
      Asyncio.getRunningLoop().callSoon(consumer::cancel);
      return List.of(outcome(consumer), q.qsize());
    });
    assertEquals(List.of("CancelledError: null", 0), out);
    assertEquals(List.of(1), got);
  }

  @Test
  void shield_cancellingTheWaiterLeavesTheShieldedBodyRunning() {
    List<Object> out = runDirect(() -> {
      Future<String> shielded = Asyncio.shield(direct(() -> {
        await(Asyncio.sleep(2));
        return "finished at " + now();
      }));
      Task<String> waiter = Asyncio.createTask(direct(() -> await(shielded)));
      await(Asyncio.sleep(1));
      waiter.cancel();
      Object w = outcome(waiter);
      await(Asyncio.sleep(2));
      return List.of(w, shielded.cancelled());
    });
    assertEquals(List.of("CancelledError: null", true), out);
  }

  @Test
  void shield_theInnerTaskKeepsRunning() {
    List<Object> events = new ArrayList<>();
    runDirect(() -> {
      Task<String> inner = Asyncio.createTask(direct(() -> {
        await(Asyncio.sleep(2));
        events.add("inner finished at " + now());
        return "x";
      }));
      Task<String> waiter = Asyncio.createTask(direct(() -> await(Asyncio.shield(inner))));
      await(Asyncio.sleep(1));
      waiter.cancel();
      events.add("waiter: " + outcome(waiter));
      events.add("inner: " + outcome(inner));
      return null;
    });
    assertEquals(List.of("waiter: CancelledError: null", "inner finished at 2.0", "inner: x"),
        events);
  }

  @Test
  void gather_ofDirectBodies_resultsInArgumentOrder() {
    Object out = runDirect(() -> await(Asyncio.gather(
        direct(() -> await(Asyncio.sleep(2, "a"))),
        direct(() -> await(Asyncio.sleep(1, "b"))),
        direct(() -> "c"))));
    assertEquals(List.of("a", "b", "c"), out);
  }

  @Test
  void taskGroup_withDirectChildren_aFailureCancelsTheOthers() {
    List<Object> events = new ArrayList<>();
    Object out = runDirect(() -> {
      try {
        await(Asyncio.taskGroup(tg -> {
          tg.createTask(direct(() -> {
            try {
              await(Asyncio.sleep(10));
            } catch (CancelledError e) {
              events.add("sibling cancelled at " + now());
              throw e;
            }
            return null;
          }));
          tg.createTask(direct(() -> {
            await(Asyncio.sleep(1));
            throw new IllegalArgumentException("child failed");
          }));
          return CompletableFuture.completedFuture(null);
        }));
        return "no failure";
      } catch (TaskGroupException e) {
        return e.exceptions().get(0).getMessage();
      }
    });
    assertEquals("child failed", out);
    assertEquals(List.of("sibling cancelled at 1.0"), events);
  }
}
