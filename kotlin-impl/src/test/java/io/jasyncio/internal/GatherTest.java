package io.jasyncio.internal;

import io.jasyncio.internal.future.FutureImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython test_tasks' gather tests, restated on the virtual clock through the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatherTest extends VirtualLoopFixture {
  private static CompletionStage<Integer> after(double s, int v) {
    return Asyncio.sleep(s, v);
  }

  @Test
  void results_inArgumentOrder_notCompletionOrder() {
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Task<Integer> slow = Asyncio.createTask(() -> after(0.3, 1));
      Task<Integer> fast = Asyncio.createTask(() -> after(0.1, 2));
      Future<Integer> plain = l.createFuture();
      l.callLater(0.2, () -> plain.setResult(3));
      return Asyncio.<Integer>gather(slow, fast, plain)
          .thenApply(r -> List.of(r, l.time()));
    });
    assertEquals(List.of(List.of(1, 2, 3), 0.3), out);
  }

  @Test
  void callables_becomeTasks_startedInArgumentOrder() {
    List<Integer> out = Loops.runVirtual(() -> Asyncio.gather(
        () -> { events.add("a"); return after(0.2, 1); },
        () -> { events.add("b"); return after(0.1, 2); }));
    assertEquals(List.of(1, 2), out);
    assertEquals(List.of("a", "b"), events);
  }

  @Test
  void emptyCollection_isDoneAtOnceWithEmptyList() {
    Future<List<Object>> f = Loops.runVirtual(() -> {
      Future<List<Object>> g = Asyncio.gather(List.of());
      assertTrue(g.done());
      return CompletableFuture.completedFuture(g);
    });
    assertEquals(List.of(), f.result());
  }

  @Test
  void noArgument_compiles_andIsDoneAtOnceWithEmptyList() {
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<List<String>> none = Asyncio.gather(); // asyncio gather(): not ambiguous
      Future<List<Object>> noneKeepingErrors = Asyncio.gather(true);
      Future<List<Object>> noneRaising = Asyncio.gather(false);
      List<Object> seen = List.of(none.done(), none.result(), noneKeepingErrors.done(),
          noneKeepingErrors.result(), noneRaising.result(), none.getLoop() == l, none.cancel());
      return CompletableFuture.completedFuture(seen);
    });
    assertEquals(List.of(true, List.of(), true, List.of(), List.of(), true, false), out);
  }

  @Test
  void noArgument_withoutARunningLoop_isIllegalState() {
    assertEquals("no running event loop",
        assertThrows(IllegalStateException.class, () -> Asyncio.gather()).getMessage());
    assertThrows(IllegalStateException.class, () -> Asyncio.gather(true));
  }

  @Test
  void plainCompletionStages_areMirrored() {
    List<String> out = Loops.runVirtual(() -> {
      CompletableFuture<String> cf = new CompletableFuture<>();
      Asyncio.getRunningLoop().callLater(0.5, () -> cf.complete("cf"));
      return Asyncio.gather(cf, CompletableFuture.completedFuture("done"));
    });
    assertEquals(List.of("cf", "done"), out);
  }

  @Test
  void sameAwaitableTwice_awaitedOnce_resultTwice() {
    int[] calls = {0};
    List<Integer> out = Loops.runVirtual(() -> {
      Task<Integer> t = Asyncio.createTask(() -> { calls[0]++; return after(0.1, 7); });
      return Asyncio.gather(t, t, Asyncio.sleep(0, 1));
    });
    assertEquals(List.of(7, 7, 1), out);
    assertEquals(1, calls[0]);
  }

  @Test
  void firstFailure_propagatesAtOnce_othersKeepRunning() {
    List<Object> seen = new ArrayList<>();
    Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Task<Integer> fails = Asyncio.createTask(() -> Asyncio.sleep(0.1).thenApply(v -> {
        throw new IllegalStateException("boom");
      }));
      Task<Integer> slow = Asyncio.createTask(() -> after(1.0, 2));
      Future<List<Integer>> g = Asyncio.gather(fails, slow);
      return g.handle((r, e) -> {
        seen.add(FutureImpl.Companion.normalize(e).getMessage());
        seen.add(l.time());
        seen.add(slow.done());
        return slow;
      }).thenCompose(s -> s).thenApply(v -> {
        seen.add(v);
        seen.add(l.time());
        return v;
      });
    });
    assertEquals(List.of("boom", 0.1, false, 2, 1.0), seen);
  }

  @Test
  void returnExceptions_putsFailuresAndCancellationsInTheList() {
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<Integer> failed = l.createFuture();
      failed.setException(new IOException("io"));
      Future<Integer> cancelled = l.createFuture();
      cancelled.cancel("stop");
      return Asyncio.gather(true, Asyncio.sleep(0.1, 1), failed, cancelled);
    });
    assertEquals(1, out.get(0));
    assertInstanceOf(IOException.class, out.get(1));
    assertEquals("io", ((Throwable) out.get(1)).getMessage());
    assertInstanceOf(CancelledError.class, out.get(2));
    assertEquals("stop", ((Throwable) out.get(2)).getMessage());
  }

  @Test
  void cancellingTheGather_cancelsEveryChild_andEndsCancelled() {
    List<Object> seen = new ArrayList<>();
    Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Task<Integer> a = Asyncio.createTask(() -> after(1, 1));
      Task<Integer> b = Asyncio.createTask(() -> after(2, 2));
      Future<List<Integer>> g = Asyncio.gather(a, b);
      l.callLater(0.5, () -> seen.add(g.cancel("enough")));
      return g.handle((r, e) -> {
        seen.add(e.getClass().getSimpleName());
        seen.add(e.getMessage());
        seen.add(g.cancelled());
        seen.add(l.time());
        return Asyncio.sleep(0);
      }).thenCompose(x -> x).thenApply(v -> {
        seen.add(a.cancelled() && b.cancelled());
        return v;
      });
    });
    assertEquals(List.of(true, "CancelledError", "enough", true, 0.5, true), seen);
  }

  @Test
  void cancellingTheGather_withReturnExceptions_stillEndsCancelled() {
    Future<List<Object>> g = Loops.runVirtual(() -> {
      Future<List<Object>> gg = Asyncio.gather(true, Asyncio.sleep(1), Asyncio.sleep(2));
      Asyncio.getRunningLoop().callLater(0.1, () -> gg.cancel());
      return gg.handle((r, e) -> gg);
    });
    assertTrue(g.cancelled());
  }

  @Test
  void cancellingTheGather_whenAllChildrenDone_returnsFalse() {
    boolean[] r = {true};
    List<Integer> out = Loops.runVirtual(() -> {
      Future<Integer> a = Asyncio.getRunningLoop().createFuture();
      a.setResult(1);
      Future<List<Integer>> g = Asyncio.gather(List.of(a));
      r[0] = g.cancel();
      return g;
    });
    assertFalse(r[0]);
    assertEquals(List.of(1), out);
  }

  @Test
  void childCancelledFromOutside_failsTheGatherWithCancelledError() {
    Future<List<Integer>> g = Loops.runVirtual(() -> {
      Task<Integer> a = Asyncio.createTask(() -> after(1, 1));
      Task<Integer> b = Asyncio.createTask(() -> after(2, 2));
      Future<List<Integer>> gg = Asyncio.gather(a, b);
      Asyncio.getRunningLoop().callLater(0.1, () -> a.cancel("outside"));
      return gg.handle((r, e) -> gg);
    });
    CancelledError e = assertThrows(CancelledError.class, g::result);
    assertEquals("outside", e.getMessage());
  }

  @Test
  void childCancelledFromOutside_withReturnExceptions_isAResult() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = Asyncio.createTask(() -> after(1, 1));
      Task<Integer> b = Asyncio.createTask(() -> after(2, 2));
      Asyncio.getRunningLoop().callLater(0.1, () -> a.cancel());
      return Asyncio.gather(true, a, b);
    });
    assertInstanceOf(CancelledError.class, out.get(0));
    assertEquals(2, out.get(1));
  }

  @Test
  void laterFailures_afterTheFirst_areNotReportedAsUnretrieved() {
    EventLoop l = loop;
    List<ExceptionContext> errors = Loops.recordErrors(l);
    Task<List<Integer>> main = l.createTask(() -> {
      Task<Integer> a = Asyncio.createTask(() -> Asyncio.sleep(0.1).thenApply(v -> {
        throw new IllegalStateException("first");
      }));
      Task<Integer> b = Asyncio.createTask(() -> Asyncio.sleep(0.2).thenApply(v -> {
        throw new IllegalStateException("second");
      }));
      return Asyncio.gather(a, b).handle((r, e) -> Asyncio.sleep(1.0, r)).thenCompose(x -> x);
    });
    l.runUntilComplete(main);
    l.close();
    assertEquals(List.of(), errors, "nothing unretrieved");
  }

  @Test
  void withoutRunningLoop_usesTheLoopOfTheFutures() {
    Future<Integer> a = loop.createFuture();
    Future<List<Integer>> g = Asyncio.gather(a);
    assertSame(loop, g.getLoop());
    loop.callSoon(() -> a.setResult(5));
    assertEquals(List.of(5), loop.runUntilComplete(g));
  }
}
