package io.jasyncio.internal;

import io.jasyncio.internal.future.FutureImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.ReturnWhen;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input to gather, wait, waitFor, asCompleted and shield (DESIGN §5). */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CompositionBadInputTest {
  private static <T> CompletableFuture<T> done(T v) {
    return CompletableFuture.completedFuture(v);
  }

  @Test
  void nulls_nameTheParameter() {
    Loops.runVirtual(() -> {
      assertEquals("aws", assertThrows(NullPointerException.class,
          () -> Asyncio.gather((CompletionStage<Integer>[]) null)).getMessage());
      assertEquals("aws[1]", assertThrows(NullPointerException.class,
          () -> Asyncio.gather(done(1), null)).getMessage());
      assertEquals("aws[0]", assertThrows(NullPointerException.class,
          () -> Asyncio.gather(Arrays.asList((CompletionStage<Integer>) null))).getMessage());
      assertEquals("coros[1]", assertThrows(NullPointerException.class,
          () -> Asyncio.gather(() -> done(1), (AsyncCallable<Integer>) null)).getMessage());
      assertEquals("aws", assertThrows(NullPointerException.class,
          () -> Asyncio.wait(null)).getMessage());
      assertEquals("aws[0]", assertThrows(NullPointerException.class,
          () -> Asyncio.wait(Arrays.asList((Future<Integer>) null))).getMessage());
      assertEquals("returnWhen", assertThrows(NullPointerException.class,
          () -> Asyncio.wait(List.of(done(1)), (ReturnWhen) null)).getMessage());
      assertEquals("aw", assertThrows(NullPointerException.class,
          () -> Asyncio.waitFor((CompletionStage<Integer>) null, 1)).getMessage());
      assertEquals("coro", assertThrows(NullPointerException.class,
          () -> Asyncio.waitFor((AsyncCallable<Integer>) null, 1)).getMessage());
      assertEquals("aws", assertThrows(NullPointerException.class,
          () -> Asyncio.asCompleted(null)).getMessage());
      assertEquals("aw", assertThrows(NullPointerException.class,
          () -> Asyncio.shield((CompletionStage<Integer>) null)).getMessage());
      return done(null);
    });
  }

  @Test
  void aNullCoroutineFunction_createsNoTask() {
    int tasks = Loops.runVirtual(() -> {
      assertThrows(NullPointerException.class,
          () -> Asyncio.gather(() -> done(1), (AsyncCallable<Integer>) null));
      return done(Asyncio.allTasks().size());
    });
    assertEquals(1, tasks, "only the main task");
  }

  @Test
  void aNaNTimeout_rejected_positiveInfinityMeansNone() {
    Loops.runVirtual(() -> {
      List<Future<Void>> one = List.of(Asyncio.sleep(0));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Asyncio.waitFor(done(1), Double.NaN));
      assertTrue(e.getMessage().contains("timeout"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(one, Double.NaN));
      assertThrows(IllegalArgumentException.class, () -> Asyncio.asCompleted(one, Double.NaN));
      return Asyncio.waitFor(done(1), Double.POSITIVE_INFINITY);
    });
  }

  /** As sleep and callLater: -Infinity counts as zero (asyncio times out at once; it was rejected here). */
  @Test
  void negativeInfinityTimeouts_countAsZero() {
    String out = Loops.runVirtual(() -> {
      Future<Integer> never = Asyncio.getRunningLoop().createFuture();
      CompletableFuture<String> wf = Asyncio.waitFor(Asyncio.sleep(1), Double.NEGATIVE_INFINITY)
          .handle((v, e) -> FutureImpl.Companion.normalize(e).getClass().getSimpleName());
      return wf.thenCompose(a -> Asyncio.wait(List.of(never), Double.NEGATIVE_INFINITY)
          .thenApply(r -> a + " done=" + r.done().size() + " pending=" + r.pending().size()))
          .thenApply(s -> s + " t=" + Asyncio.getRunningLoop().time());
    });
    assertEquals("TimeoutError done=0 pending=1 t=0.0", out);
  }

  @Test
  void negativeTimeout_countsAsZero() {
    Object out = Loops.runVirtual(() -> Asyncio.waitFor(Asyncio.sleep(1), -5)
        .handle((v, e) -> FutureImpl.Companion.normalize(e).getClass()));
    assertEquals(TimeoutError.class, out);
  }

  @Test
  void waitOnNothing_isIllegalArgument() {
    Loops.runVirtual(() -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Asyncio.wait(new ArrayList<Future<Integer>>()));
      assertTrue(e.getMessage().contains("empty"), e.getMessage());
      return done(null);
    });
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void waitOnACoroutineFunction_isIllegalArgument() {
    Loops.runVirtual(() -> {
      AsyncCallable<Integer> coro = () -> done(1);
      Collection raw = List.of(coro);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Asyncio.wait(raw));
      assertTrue(e.getMessage().contains("createTask"), e.getMessage());
      return done(null);
    });
  }

  @Test
  void awaitablesOfAnotherLoop_areIllegalArgument() {
    EventLoop other = Loops.virtualLoop();
    try {
      Future<Integer> foreign = other.createFuture();
      Loops.runVirtual(() -> {
        for (Runnable r : List.<Runnable>of(
            () -> Asyncio.gather(foreign),
            () -> Asyncio.wait(List.of(foreign)),
            () -> Asyncio.waitFor(foreign, 1),
            () -> Asyncio.asCompleted(List.of(foreign)),
            () -> Asyncio.shield(foreign))) {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
          assertTrue(e.getMessage().contains("different event loop"), e.getMessage());
        }
        return done(null);
      });
    } finally {
      other.close();
    }
  }

  @Test
  void withoutALoop_isIllegalState() {
    assertThrows(IllegalStateException.class, () -> Asyncio.gather(done(1)));
    assertThrows(IllegalStateException.class, () -> Asyncio.gather(() -> done(1)));
    assertThrows(IllegalStateException.class, () -> Asyncio.waitFor(done(1), 1));
    assertThrows(IllegalStateException.class, () -> Asyncio.shield(done(1)));
  }

  @Test
  void theLoopStaysUsableAfterBadInput() {
    int out = Loops.runVirtual(() -> {
      assertThrows(NullPointerException.class, () -> Asyncio.gather(done(1), null));
      return Asyncio.<Integer>gather(done(1), Asyncio.sleep(0.1, 2))
          .thenApply(l -> l.get(0) + l.get(1));
    });
    assertEquals(3, out);
  }
}
