package io.jasyncio.interop;

import io.jasyncio.AsCompleted;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.ReturnWhen;
import io.jasyncio.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link CompositionBehaviours} through the Java face. */
class JavaFaceCompositionTest extends CompositionBehaviours {
  @Override
  protected Face face() {
    return new JavaFace();
  }

  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static <T> Task<T> sleeper(double s, T v) {
    return Asyncio.createTask(() -> Asyncio.sleep(s, v));
  }

  static final class JavaFace implements Face {
    @Override
    public List<Object> gatherInOrder(double... seconds) {
      return JavaFaceBehavioursTest.run(() -> {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
          tasks.add(sleeper(seconds[i], i));
        }
        return Asyncio.gather(tasks).thenApply(r -> List.of(r, now()));
      });
    }

    @Override
    public List<Object> gatherFirstFailure() {
      return JavaFaceBehavioursTest.run(() -> {
        Task<Integer> other = sleeper(1.0, 2);
        Task<Integer> fails = Asyncio.createTask(() -> Asyncio.sleep(0.1).thenApply(v -> {
          throw new IllegalStateException("boom");
        }));
        return Asyncio.gather(fails, other).handle((r, e) -> List.of(
            unwrap(e).getMessage(), now(), other.done()));
      });
    }

    @Override
    public List<Object> gatherNothing() {
      return JavaFaceBehavioursTest.run(() -> {
        Future<List<Integer>> none = Asyncio.gather();
        return none.thenCombine(Asyncio.gather(true), (a, b) -> List.of(a, b, now()));
      });
    }

    @Override
    public List<Object> gatherReturnExceptions() {
      return JavaFaceBehavioursTest.run(() -> {
        EventLoop l = Asyncio.getRunningLoop();
        Future<Integer> failed = l.createFuture();
        failed.setException(new IOException("io"));
        Future<Integer> cancelled = l.createFuture();
        cancelled.cancel();
        return Asyncio.gather(true, sleeper(0.1, 1), failed, cancelled).thenApply(r -> {
          List<Object> names = new ArrayList<>();
          r.forEach(x -> names.add(x.getClass().getSimpleName()));
          return names;
        });
      });
    }

    @Override
    public List<Object> cancelledGather() {
      return JavaFaceBehavioursTest.run(() -> {
        Task<Integer> a = sleeper(1, 1);
        Task<Integer> b = sleeper(2, 2);
        Future<List<Integer>> g = Asyncio.gather(a, b);
        Asyncio.getRunningLoop().callLater(0.5, () -> g.cancel());
        return g.handle((r, e) -> unwrap(e).getClass().getSimpleName())
            .thenCompose(name -> Asyncio.sleep(0, name))
            .thenApply(name -> List.of(name, a.cancelled() && b.cancelled()));
      });
    }

    @Override
    public List<Object> waitFirstCompleted() {
      return JavaFaceBehavioursTest.run(() -> Asyncio.wait(
          List.of(sleeper(10, 1), sleeper(0.1, 2)), ReturnWhen.FIRST_COMPLETED)
          .thenApply(r -> List.of(r.done().size(), r.pending().size(), now())));
    }

    @Override
    public List<Object> waitTimeout() {
      return JavaFaceBehavioursTest.run(() -> Asyncio.wait(
          List.of(sleeper(0.1, 1), sleeper(0.15, 2)), 0.11)
          .thenApply(r -> List.of(r.done().size(), r.pending().size(), now())));
    }

    @Override
    public List<Object> waitForTimeout() {
      return JavaFaceBehavioursTest.run(() -> {
        Task<Integer> t = sleeper(10, 1);
        return Asyncio.waitFor(t, 0.1).handle((v, e) -> List.of(
            unwrap(e).getClass().getSimpleName(), unwrap(e).getCause().getClass().getSimpleName(),
            t.cancelled(), now()));
      });
    }

    @Override
    public List<Object> waitForInTime() {
      return JavaFaceBehavioursTest.run(() ->
          Asyncio.waitFor(sleeper(0.1, 5), 1).thenApply(v -> List.of(v, now())));
    }

    @Override
    public List<Object> asCompletedOrder() {
      List<Object> seen = new ArrayList<>();
      return JavaFaceBehavioursTest.run(() -> Asyncio.asCompleted(
          List.of(sleeper(0.3, "a"), sleeper(0.1, "b"), sleeper(0.2, "c")))
          .forEachAsync(seen::add).thenApply(v -> seen));
    }

    @Override
    public List<Object> asCompletedTimeout() {
      List<Object> seen = new ArrayList<>();
      return JavaFaceBehavioursTest.run(() -> {
        AsCompleted<String> ac =
            Asyncio.asCompleted(List.of(sleeper(0.1, "a"), sleeper(10, "slow")), 1);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Future<String> f : ac) {
          chain = chain.thenCompose(x -> f.handle((v, e) -> {
            seen.add(e == null ? v : unwrap(e).getClass().getSimpleName());
            return null;
          }));
        }
        return chain.thenApply(x -> {
          seen.add(now());
          return seen;
        });
      });
    }

    @Override
    public List<Object> shieldCancelled() {
      return JavaFaceBehavioursTest.run(() -> {
        Task<Integer> inner = sleeper(1, 9);
        Future<Integer> outer = Asyncio.shield(inner);
        Asyncio.getRunningLoop().callLater(0.1, () -> outer.cancel());
        return outer.handle((v, e) -> unwrap(e) instanceof CancelledError ? "CancelledError" : "?")
            .thenCompose(name -> inner.thenApply(v -> List.of(name, v, now())));
      });
    }
  }
}
