package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.Barrier;
import io.jasyncio.Condition;
import io.jasyncio.Event;
import io.jasyncio.Lock;
import io.jasyncio.Semaphore;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link SyncBehaviours} through the Java face: acquireAsync, withLockAsync, waitAsync. */
class JavaFaceSyncTest extends SyncBehaviours {
  @Override
  protected Face face() {
    return new JavaFace();
  }

  private static CompletableFuture<Void> nextIteration() {
    return Asyncio.sleep(0).toCompletableFuture();
  }

  static final class JavaFace implements Face {
    @Override
    public List<Integer> lockOrder(int n) {
      return JavaFaceBehavioursTest.run(() -> {
        Lock lock = Lock.create();
        List<Integer> order = new ArrayList<>();
        return lock.acquireAsync().thenCompose(v -> {
          List<CompletableFuture<?>> ts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            int k = i;
            ts.add(Asyncio.<Void>createTask(() -> lock.withLockAsync(() -> {
              order.add(k);
              return nextIteration();
            })).toCompletableFuture());
          }
          return nextIteration().thenCompose(x -> {
            lock.release();
            return CompletableFuture.allOf(ts.toArray(new CompletableFuture<?>[0]));
          });
        }).thenApply(v -> order);
      });
    }

    @Override
    public List<Integer> lockCancelledAfterGrant() {
      return JavaFaceBehavioursTest.run(() -> {
        Lock lock = Lock.create();
        List<Integer> order = new ArrayList<>();
        return lock.acquireAsync().thenCompose(v -> {
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            int k = i;
            ts.add(Asyncio.createTask(() -> lock.withLockAsync(() -> {
              order.add(k);
              return CompletableFuture.<Void>completedFuture(null);
            })));
          }
          return nextIteration().thenCompose(x -> nextIteration()).thenCompose(x -> {
            lock.release();
            ts.get(0).cancel();
            CompletableFuture<?>[] all = ts.stream()
                .map(t -> t.handle((r, e) -> null)).toArray(CompletableFuture<?>[]::new);
            return CompletableFuture.allOf(all);
          });
        }).thenApply(v -> order);
      });
    }

    @Override
    public int semaphoreMaxHolders(int permits, int tasks) {
      return JavaFaceBehavioursTest.run(() -> {
        Semaphore sem = Semaphore.create(permits);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<CompletableFuture<?>> ts = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
          ts.add(sem.withPermitAsync(() -> {
            max.accumulateAndGet(holders.incrementAndGet(), Math::max);
            return nextIteration().thenRun(holders::decrementAndGet);
          }));
        }
        return CompletableFuture.allOf(ts.toArray(new CompletableFuture<?>[0]))
            .thenApply(v -> max.get());
      });
    }

    @Override
    public int eventWakes(int n) {
      return JavaFaceBehavioursTest.run(() -> {
        Event ev = Event.create();
        AtomicInteger woke = new AtomicInteger();
        List<CompletableFuture<?>> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ts.add(ev.waitAsync().thenRun(woke::incrementAndGet));
        }
        return nextIteration().thenCompose(v -> {
          ev.set();
          return CompletableFuture.allOf(ts.toArray(new CompletableFuture<?>[0]));
        }).thenApply(v -> woke.get());
      });
    }

    @Override
    public List<Integer> conditionNotifyOrder(int n) {
      return JavaFaceBehavioursTest.run(() -> {
        Condition cond = Condition.create();
        List<Integer> order = new ArrayList<>();
        List<CompletableFuture<?>> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int k = i;
          ts.add(cond.withLockAsync(() -> cond.waitAsync().thenRun(() -> order.add(k))));
        }
        CompletableFuture<Void> chain = nextIteration();
        for (int i = 0; i < n; i++) {
          chain = chain.thenCompose(v -> cond.withLockAsync(() -> {
            cond.notifyOne();
            return CompletableFuture.<Void>completedFuture(null);
          })).thenCompose(v -> nextIteration()).thenCompose(v -> nextIteration());
        }
        return chain.thenCompose(v -> CompletableFuture.allOf(ts.toArray(new CompletableFuture<?>[0])))
            .thenApply(v -> order);
      });
    }

    @Override
    public List<Integer> barrierIndices(int parties) {
      return JavaFaceBehavioursTest.run(() -> {
        Barrier b = Barrier.create(parties);
        List<CompletableFuture<Integer>> ts = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
          ts.add(b.waitAsync());
        }
        return CompletableFuture.allOf(ts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
          List<Integer> out = new ArrayList<>();
          for (CompletableFuture<Integer> t : ts) {
            out.add(t.join());
          }
          return out;
        });
      });
    }

    @Override
    public Throwable barrierAbort() {
      return JavaFaceBehavioursTest.run(() -> {
        Barrier b = Barrier.create(2);
        CompletableFuture<Integer> w = b.waitAsync();
        return nextIteration().thenCompose(v -> {
          b.abort();
          return w.handle((r, e) -> e);
        });
      });
    }
  }
}
