package io.jasyncio.internal;

import io.jasyncio.internal.future.FutureImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython test_tasks' shield tests, restated on the virtual clock through the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShieldTest {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  private static CompletableFuture<Object> outcome(CompletionStage<?> f) {
    return f.toCompletableFuture().handle((v, e) -> e == null ? v : FutureImpl.Companion.normalize(e));
  }

  @Test
  void resultPassesThrough() {
    int out = Loops.runVirtual(() -> Asyncio.shield(Asyncio.sleep(0.1, 4)));
    assertEquals(4, out);
  }

  @Test
  void exceptionPassesThrough() {
    Object out = Loops.runVirtual(() -> outcome(Asyncio.shield(Asyncio.sleep(0.1).thenApply(v -> {
      throw new IllegalStateException("inner");
    }))));
    assertEquals("inner", ((Throwable) out).getMessage());
  }

  @Test
  void cancellingTheShield_leavesTheInnerRunning() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> inner = Asyncio.createTask(() -> Asyncio.sleep(1, 9));
      Future<Integer> outer = Asyncio.shield(inner);
      Asyncio.getRunningLoop().callLater(0.1, () -> outer.cancel());
      return outcome(outer).thenCompose(e -> inner.thenApply(v -> List.of(
          e.getClass(), v, inner.cancelled(), now())));
    });
    assertEquals(List.of(CancelledError.class, 9, false, 1.0), out);
  }

  @Test
  void innerCancelled_cancelsTheShield() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> inner = Asyncio.createTask(() -> Asyncio.sleep(1, 9));
      Future<Integer> outer = Asyncio.shield(inner);
      Asyncio.getRunningLoop().callLater(0.1, () -> inner.cancel("inner stop"));
      return outcome(outer).thenApply(e -> List.of(e.getClass(),
          ((Throwable) e).getMessage(), outer.cancelled()));
    });
    assertEquals(List.of(CancelledError.class, "inner stop", true), out);
  }

  @Test
  void doneInner_isReturnedAsItIs() {
    Loops.runVirtual(() -> {
      Future<Integer> f = Asyncio.getRunningLoop().createFuture();
      f.setResult(1);
      assertSame(f, Asyncio.shield(f));
      return f;
    });
  }

  @Test
  void taskAwaitingAShield_cancelled_innerKeepsRunning() {
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Task<Integer> inner = Asyncio.createTask(() -> Asyncio.sleep(1, 9));
      Task<Integer> waiter = Asyncio.createTask(() -> Asyncio.shield(inner));
      l.callLater(0.1, () -> waiter.cancel());
      return outcome(waiter).thenCompose(e -> inner.thenApply(v -> List.of(
          waiter.cancelled(), v, now())));
    });
    assertEquals(List.of(true, 9, 1.0), out);
  }

  @Test
  void coroutineFunction_becomesAShieldedTask() {
    List<Object> out = Loops.runVirtual(() -> {
      Future<Integer> outer = Asyncio.shield(() -> Asyncio.sleep(0.5, 3));
      Asyncio.getRunningLoop().callLater(0.1, () -> outer.cancel());
      return outcome(outer).thenCompose(e -> Asyncio.sleep(1).thenApply(x -> {
        long running = Asyncio.allTasks().stream().filter(t -> !t.done()).count();
        return List.of(e.getClass(), running);
      }));
    });
    // the shielded task finished at 0.5; only the main task is left
    assertEquals(List.of(CancelledError.class, 1L), out);
  }

  @Test
  void shieldOfAGather_outerCancelled_theGatherCompletes() {
    // CPython test_shield_gather
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<Integer> child1 = l.createFuture();
      Future<Integer> child2 = l.createFuture();
      Future<List<Integer>> parent = Asyncio.gather(child1, child2);
      Future<List<Integer>> outer = Asyncio.shield(parent);
      outer.cancel();
      child1.setResult(1);
      child2.setResult(2);
      return parent.thenApply(r -> List.of(outer.cancelled(), r));
    });
    assertEquals(List.of(true, List.of(1, 2)), out);
  }

  @Test
  void gatherOfShields_cancelled_cancelsTheShieldsNotTheChildren() {
    // CPython test_gather_shield
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<Integer> child1 = l.createFuture();
      Future<Integer> child2 = l.createFuture();
      Future<Integer> inner1 = Asyncio.shield(child1);
      Future<Integer> inner2 = Asyncio.shield(child2);
      Future<List<Integer>> parent = Asyncio.gather(inner1, inner2);
      parent.cancel();
      child1.setResult(1);
      child2.setResult(2);
      return outcome(parent).thenApply(e -> List.of(e.getClass(), inner1.cancelled(),
          inner2.cancelled(), child1.cancelled() || child2.cancelled()));
    });
    assertEquals(List.of(CancelledError.class, true, true, false), out);
  }
}
