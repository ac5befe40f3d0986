package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.ReturnWhen;
import io.jasyncio.Task;
import io.jasyncio.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython test_tasks' wait tests, restated on the virtual clock through the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitTest {
  private static Task<Integer> sleeper(double s, int v) {
    return Asyncio.createTask(() -> Asyncio.sleep(s, v));
  }

  private static Task<Integer> failer(double s, String msg) {
    return Asyncio.createTask(() -> Asyncio.sleep(s).thenApply(v -> {
      throw new IllegalStateException(msg);
    }));
  }

  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  @Test
  void allCompleted_byDefault() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(0.1, 1);
      Task<Integer> b = sleeper(0.15, 2);
      return Asyncio.wait(List.of(b, a)).thenApply(r -> List.of(
          r.done().equals(Set.of(a, b)), r.pending().isEmpty(), now()));
    });
    assertEquals(List.of(true, true, 0.15), out);
  }

  @Test
  void firstCompleted_returnsAtTheFirst_othersKeepRunning() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(10, 1);
      Task<Integer> b = sleeper(0.1, 2);
      return Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED).thenCompose(r -> {
        List<Object> seen = new ArrayList<>(List.of(r.done().equals(Set.of(b)),
            r.pending().equals(Set.of(a)), now(), a.cancelled()));
        return a.thenApply(v -> {
          seen.add(v);
          seen.add(now());
          return seen;
        });
      });
    });
    assertEquals(List.of(true, true, 0.1, false, 1, 10.0), out);
  }

  @Test
  void firstCompleted_futuresDoneInTheSameIteration_areAllDone() {
    WaitResult<Future<Integer>> r = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<Integer> a = l.createFuture();
      Future<Integer> b = l.createFuture();
      Future<Integer> c = l.createFuture();
      l.callLater(0.1, () -> a.setResult(1));
      l.callLater(0.1, () -> b.setResult(2));
      return Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_COMPLETED);
    });
    assertEquals(2, r.done().size());
    assertEquals(1, r.pending().size());
  }

  @Test
  void firstException_returnsAtTheFirstFailure() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(10, 1);
      Task<Integer> b = failer(0.1, "boom");
      return Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION).thenApply(r -> List.of(
          r.done().equals(Set.of(b)), r.pending().equals(Set.of(a)), now(),
          b.exception().getMessage()));
    });
    assertEquals(List.of(true, true, 0.1, "boom"), out);
  }

  @Test
  void firstException_withoutFailures_waitsForAll() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(0.1, 1);
      Task<Integer> b = sleeper(0.2, 2);
      return Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION)
          .thenApply(r -> List.of(r.done().size(), now()));
    });
    assertEquals(List.of(2, 0.2), out);
  }

  @Test
  void firstException_aCancellationIsNotAnException() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(0.3, 1);
      Task<Integer> b = sleeper(10, 2);
      Asyncio.getRunningLoop().callLater(0.1, () -> b.cancel());
      return Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION)
          .thenApply(r -> List.of(r.done().size(), now()));
    });
    assertEquals(List.of(2, 0.3), out);
  }

  @Test
  void firstException_alreadyFailed_returnsAtOnce() {
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<Integer> failed = l.createFuture();
      failed.setException(new IllegalStateException("early"));
      Task<Integer> a = sleeper(10, 1);
      return Asyncio.wait(List.of(a, failed), ReturnWhen.FIRST_EXCEPTION)
          .thenApply(r -> List.of(r.done().equals(Set.of(failed)), now(),
              failed.exception().getMessage()));
    });
    assertEquals(List.of(true, 0.0, "early"), out);
  }

  @Test
  void allCompleted_withAFailure_bothDone() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(0.2, 1);
      Task<Integer> b = failer(0.1, "boom");
      return Asyncio.wait(List.of(a, b)).thenApply(r -> List.of(r.done().size(), now(),
          b.exception().getMessage()));
    });
    assertEquals(List.of(2, 0.2, "boom"), out);
  }

  @Test
  void timeout_returnsThePendingOnes_stillRunning() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(0.1, 1);
      Task<Integer> b = sleeper(0.15, 2);
      return Asyncio.wait(List.of(a, b), 0.11).thenCompose(r -> {
        List<Object> seen = new ArrayList<>(List.of(r.done().equals(Set.of(a)),
            r.pending().equals(Set.of(b)), now()));
        return b.thenApply(v -> {
          seen.add(v);
          return seen;
        });
      });
    });
    assertEquals(List.of(true, true, 0.11, 2), out);
  }

  @Test
  void timeout_asDuration_andZero() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(1, 1);
      return Asyncio.wait(List.of(a), Duration.ofMillis(500)).thenCompose(r1 ->
          Asyncio.wait(List.of(a), 0).thenApply(r2 -> List.of(
              r1.pending().size(), r2.pending().size(), now())));
    });
    assertEquals(List.of(1, 1, 0.5), out);
  }

  @Test
  void nullDurationOrInfinity_meanNoTimeout() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(100, 1);
      return Asyncio.wait(List.of(a), (Duration) null).thenCompose(r1 ->
          Asyncio.wait(List.of(sleeper(50, 2)), Double.POSITIVE_INFINITY).thenApply(r2 -> List.of(
              r1.done().size(), r2.done().size(), now())));
    });
    assertEquals(List.of(1, 1, 150.0), out);
  }

  @Test
  void theSetsHoldTheObjectsPassedIn_onceEach() {
    List<Object> out = Loops.runVirtual(() -> {
      CompletableFuture<String> cf = new CompletableFuture<>();
      Asyncio.getRunningLoop().callLater(0.1, () -> cf.complete("x"));
      Task<Integer> t = sleeper(0.2, 1);
      List<CompletionStage<?>> aws = List.of(cf, t, cf);
      return Asyncio.wait(aws).thenApply(r -> List.of(r.done().size(),
          r.done().iterator().next() == cf));
    });
    assertEquals(List.of(2, true), out);
  }

  @Test
  void cancellingTheWait_leavesTheAwaitablesRunning() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(1, 1);
      Future<WaitResult<Task<Integer>>> w = Asyncio.wait(List.of(a));
      Asyncio.getRunningLoop().callLater(0.1, () -> w.cancel());
      return w.handle((r, e) -> a).thenCompose(x -> x).thenApply(v -> List.of(
          w.cancelled(), v, now()));
    });
    assertEquals(List.of(true, 1, 1.0), out);
  }

  @Test
  void resultSets_areUnmodifiable() {
    WaitResult<Task<Integer>> r = Loops.runVirtual(() -> Asyncio.wait(List.of(sleeper(0, 1))));
    assertFalse(r.done().isEmpty());
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> r.done().clear());
    assertSame(r.pending(), r.pending());
    assertTrue(r.pending().isEmpty());
  }

  // ---- the timeout's edge (issue 14) ----

  @Test
  void timeout_aTaskFinishingAtTheTimeout_isDone_notPendingAndDone() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(0.3, 1);
      return Asyncio.wait(List.of(a), 0.3).thenApply(r -> List.of(
          r.done().equals(Set.of(a)), r.pending().isEmpty(), a.done(), now()));
    });
    assertEquals(List.of(true, true, true, 0.3), out);
  }

  @Test
  void timeout_whatIsPendingIsNotDone_whenTheStagesLook() {
    // b is completed by a callback scheduled in the timeout's iteration, so it ends in the
    // iteration where the sets are taken, after them: pending, and still not done when a stage
    // attached to the wait looks (it runs in the step that takes the sets)
    List<Object> out = Loops.runVirtual(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<Integer> a = sleeper(0.3, 1);
      Future<Integer> b = loop.createFuture();
      Future<WaitResult<Future<Integer>>> w = Asyncio.wait(List.<Future<Integer>>of(a, b), 0.3);
      loop.callLater(0.3, () -> loop.callSoon(() -> b.setResult(2)));
      return w.thenApply(r -> List.of(r.done().equals(Set.of(a)), r.pending().equals(Set.of(b)),
          b.done(), now()));
    });
    assertEquals(List.of(true, true, false, 0.3), out);
  }

  @Test
  void timeout_startsAtTheCall_notAtTheNextIteration() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> a = sleeper(10, 1);
      Future<WaitResult<Task<Integer>>> w = Asyncio.wait(List.of(a), 0.3);
      // the caller's step goes on for 0.1 s (virtual) after the call
      ((io.jasyncio.testing.VirtualClock) Asyncio.getRunningLoop().clock())
          .advance(Duration.ofMillis(100));
      return w.thenApply(r -> List.of(r.pending().equals(Set.of(a)), now()));
    });
    assertEquals(List.of(true, 0.3), out);
  }
}
