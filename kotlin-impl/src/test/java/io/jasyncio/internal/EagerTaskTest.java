package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's test_eager_task_factory restated for the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EagerTaskTest extends VirtualLoopFixture {
  private <T> T run(AsyncCallable<T> main) {
    return loop.runUntilComplete(loop.createTask(main));
  }

  @Test
  void eagerCompletion_theTaskIsDoneWhenCreateTaskReturns() {
    List<Object> r = run(() -> {
      Task<String> t = Asyncio.createTask(() -> {
        events.add("step");
        return CompletableFuture.completedFuture("hello");
      }, null, true);
      events.add("created");
      return CompletableFuture.completedFuture(List.of(t.done(), t.result(), t.cancel(),
          Asyncio.allTasks().contains(t)));
    });
    assertEquals(List.of(true, "hello", false, false), r);
    assertEquals(List.of("step", "created"), events);
  }

  @Test
  void eagerCompletion_withADoneLoopFuture_isImmediateToo() {
    boolean done = run(() -> {
      Future<Integer> f = Asyncio.getRunningLoop().createFuture();
      f.setResult(1);
      return CompletableFuture.completedFuture(Asyncio.createTask(() -> f, null, true).done());
    });
    assertTrue(done);
  }

  @Test
  void blockAfterEagerStep_theTaskGoesOnLikeAnyOther() {
    List<Object> r = run(() -> {
      Task<String> t = Asyncio.createTask(() -> {
        events.add("step");
        return Asyncio.sleep(0, "later");
      }, "eager", true);
      events.add("created");
      boolean doneAtOnce = t.done();
      boolean listed = Asyncio.allTasks().contains(t);
      return t.thenApply(v -> List.of(doneAtOnce, listed, v));
    });
    assertEquals(List.of(false, true, "later"), r);
    assertEquals(List.of("step", "created"), events);
  }

  @Test
  void cancellationAfterTheEagerStepBlocks_works() {
    Throwable e = run(() -> {
      Task<Void> t = Asyncio.createTask(() -> Asyncio.sleep(10), null, true);
      assertTrue(t.cancel("stop"));
      return t.handle((v, x) -> x);
    });
    assertTrue(e instanceof CancelledError);
    assertEquals("stop", e.getMessage());
  }

  @Test
  void currentTask_insideTheEagerStepIsTheNewTask_andIsRestoredAfter() {
    List<Boolean> r = run(() -> {
      Task<?> outer = Asyncio.currentTask();
      Task<?>[] inside = new Task<?>[1];
      Task<Void> t = Asyncio.createTask(() -> {
        inside[0] = Asyncio.currentTask();
        return CompletableFuture.completedFuture(null);
      }, null, true);
      return CompletableFuture.completedFuture(List.of(inside[0] == t, Asyncio.currentTask() == outer));
    });
    assertEquals(List.of(true, true), r);
  }

  @Test
  void aFailureInTheEagerStep_failsTheTaskAtOnce() {
    Throwable e = run(() -> {
      Task<Void> t = Asyncio.createTask(() -> {
        throw new IllegalStateException("boom");
      }, null, true);
      assertTrue(t.done());
      return CompletableFuture.completedFuture(t.exception());
    });
    assertEquals("boom", e.getMessage());
  }

  @Test
  void eagerFalse_startsNormally_evenOnAnEagerLoop() {
    Asyncio.setEagerTaskStart(loop, true);
    assertTrue(Asyncio.isEagerTaskStart(loop));
    run(() -> {
      Task<Void> t = Asyncio.createTask(() -> {
        events.add("step");
        return CompletableFuture.completedFuture(null);
      }, null, false);
      events.add("created");
      return t;
    });
    assertEquals(List.of("created", "step"), events);
  }

  @Test
  void theLoopsEagerSetting_appliesToEveryCreateTask() {
    Asyncio.setEagerTaskStart(loop, true);
    List<String> order = run(() -> {
      List<String> seen = new ArrayList<>();
      Task<Void> a = Asyncio.createTask(() -> {
        seen.add("a");
        return CompletableFuture.completedFuture(null);
      });
      Task<Void> b = Asyncio.getRunningLoop().createTask(() -> {
        seen.add("b");
        return CompletableFuture.completedFuture(null);
      });
      seen.add("after " + a.done() + " " + b.done());
      return CompletableFuture.completedFuture(seen);
    });
    assertEquals(List.of("a", "b", "after true true"), order);
    Asyncio.setEagerTaskStart(loop, false);
    assertFalse(Asyncio.isEagerTaskStart(loop));
  }

  @Test
  void offTheLoopThread_anEagerTaskStartsNormally() {
    Asyncio.setEagerTaskStart(loop, true);
    Task<String> t = loop.createTask(() -> CompletableFuture.completedFuture("x"));
    assertFalse(t.done()); // the loop is not running: scheduled
    assertEquals("x", loop.runUntilComplete(t));
  }

  @Test
  void badInput() {
    run(() -> {
      NullPointerException e = assertThrows(NullPointerException.class, () -> Asyncio.createTask(null, null, true));
      assertEquals("coro", e.getMessage());
      return CompletableFuture.completedFuture(null);
    });
    assertEquals("loop",
        assertThrows(NullPointerException.class, () -> Asyncio.setEagerTaskStart(null, true)).getMessage());
    assertThrows(IllegalStateException.class, () -> Asyncio.createTask(() -> null, null, true));
  }
}
