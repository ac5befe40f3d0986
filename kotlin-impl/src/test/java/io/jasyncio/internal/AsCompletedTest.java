package io.jasyncio.internal;

import io.jasyncio.internal.future.FutureImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.AsCompleted;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython test_tasks' as_completed tests, restated on the virtual clock through the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsCompletedTest {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  private static Task<String> sleeper(double s, String v) {
    return Asyncio.createTask(() -> Asyncio.sleep(s, v));
  }

  /** Awaits the futures of {@code ac} one after the other, recording "value@time" or errors. */
  private static CompletableFuture<List<String>> drain(AsCompleted<String> ac) {
    List<String> seen = new ArrayList<>();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Future<String> f : ac) {
      chain = chain.thenCompose(x -> f.handle((v, e) -> {
        seen.add(e == null ? v + "@" + now()
            : FutureImpl.Companion.normalize(e).getClass().getSimpleName() + "@" + now());
        return null;
      }));
    }
    return chain.thenApply(x -> seen);
  }

  @Test
  void yieldsInCompletionOrder() {
    List<String> out = Loops.runVirtual(() -> drain(Asyncio.asCompleted(List.of(
        sleeper(0.3, "a"), sleeper(0.1, "b"), sleeper(0.2, "c")))));
    assertEquals(List.of("b@0.1", "c@0.2", "a@0.3"), out);
  }

  @Test
  void duplicatesCountOnce_andTheIteratorEnds() {
    Loops.runVirtual(() -> {
      Task<String> a = sleeper(0.1, "a");
      AsCompleted<String> ac = Asyncio.asCompleted(List.of(a, a));
      assertEquals(1, ac.size());
      Iterator<Future<String>> it = ac.iterator();
      Future<String> first = it.next();
      assertFalse(it.hasNext());
      assertThrows(NoSuchElementException.class, it::next);
      assertFalse(ac.iterator().hasNext(), "iterators share one position");
      return first;
    });
  }

  @Test
  void empty_yieldsNothing() {
    AsCompleted<String> ac = Loops.runVirtual(() ->
        CompletableFuture.completedFuture(Asyncio.<String>asCompleted(List.of())));
    assertFalse(ac.iterator().hasNext());
  }

  @Test
  void timeout_failsTheRest_withTimeoutError_theAwaitablesKeepRunning() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<String> slow = sleeper(10, "slow");
      return drain(Asyncio.asCompleted(List.of(sleeper(0.1, "a"), slow), 1.0))
          .thenCompose(seen -> slow.thenApply(v -> List.of(seen, v, now())));
    });
    assertEquals(List.of(List.of("a@0.1", "TimeoutError@1.0"), "slow", 10.0), out);
  }

  @Test
  void resultsFinishedBeforeTheTimeout_areStillDelivered() {
    List<String> out = Loops.runVirtual(() -> {
      AsCompleted<String> ac = Asyncio.asCompleted(
          List.of(sleeper(0.1, "a"), sleeper(0.2, "b"), sleeper(5, "c")), 1.0);
      // nobody iterates until after the timeout
      return Asyncio.sleep(2).thenCompose(x -> drain(ac));
    });
    assertEquals(List.of("a@2.0", "b@2.0", "TimeoutError@2.0"), out);
  }

  @Test
  void failuresAndCancellations_areDeliveredAsOutcomes() {
    List<String> out = Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      Future<String> failed = l.createFuture();
      Future<String> cancelled = l.createFuture();
      l.callLater(0.1, () -> failed.setException(new IllegalStateException("x")));
      l.callLater(0.2, () -> cancelled.cancel());
      return drain(Asyncio.asCompleted(List.of(cancelled, failed)));
    });
    assertEquals(List.of("IllegalStateException@0.1", "CancelledError@0.2"), out);
  }

  @Test
  void cancellingAHandedOutFuture_consumesNothing() {
    List<String> out = Loops.runVirtual(() -> {
      AsCompleted<String> ac = Asyncio.asCompleted(List.of(sleeper(0.1, "a"), sleeper(0.2, "b")));
      Iterator<Future<String>> it = ac.iterator();
      Future<String> first = it.next();
      first.cancel();
      Future<String> second = it.next();
      return second.thenApply(v -> List.of(v + "@" + now()));
    });
    assertEquals(List.of("a@0.1"), out);
  }

  @Test
  void plainStagesAreAccepted() {
    List<String> out = Loops.runVirtual(() -> {
      CompletableFuture<String> cf = new CompletableFuture<>();
      Asyncio.getRunningLoop().callLater(0.3, () -> cf.complete("cf"));
      List<CompletionStage<String>> aws = List.of(cf, sleeper(0.1, "t"));
      return drain(Asyncio.asCompleted(aws));
    });
    assertEquals(List.of("t@0.1", "cf@0.3"), out);
  }

  @Test
  void forEachAsync_visitsInCompletionOrder() {
    List<String> seen = new ArrayList<>();
    Loops.runVirtual(() -> Asyncio.asCompleted(List.of(sleeper(0.2, "a"), sleeper(0.1, "b")))
        .forEachAsync(v -> seen.add(v + "@" + now())));
    assertEquals(List.of("b@0.1", "a@0.2"), seen);
  }

  @Test
  void forEachComposeAsync_awaitsEachStageBeforeTheNext() {
    List<String> seen = new ArrayList<>();
    Loops.runVirtual(() -> Asyncio.asCompleted(List.of(sleeper(0.2, "a"), sleeper(0.1, "b")))
        .forEachComposeAsync(v -> {
          seen.add(v + "@" + now());
          return Asyncio.sleep(1);
        }));
    assertEquals(List.of("b@0.1", "a@1.1"), seen);
  }

  @Test
  void forEachAsync_stopsAtTheFirstFailure() {
    List<String> seen = new ArrayList<>();
    Object out = Loops.runVirtual(() -> Asyncio.asCompleted(
        List.of(sleeper(0.1, "a"), sleeper(3, "b")), 1)
        .forEachAsync(v -> seen.add(v))
        .handle((v, e) -> FutureImpl.Companion.normalize(e).getClass()));
    assertEquals(TimeoutError.class, out);
    assertEquals(List.of("a"), seen);
  }

  @Test
  void timeout_anAwaitableFinishingAtTheTimeout_isDelivered_notTimedOut() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<String> a = sleeper(0.3, "a");
      Task<String> slow = sleeper(10, "slow");
      return drain(Asyncio.asCompleted(List.of(a, slow), 0.3)).thenApply(seen -> List.of(seen, a.done()));
    });
    assertEquals(List.of(List.of("a@0.3", "TimeoutError@0.3"), true), out);
  }
}
