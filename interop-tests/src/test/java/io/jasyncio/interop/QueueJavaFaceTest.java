package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link QueueBehaviours} through the Java face. */
class QueueJavaFaceTest extends QueueBehaviours {
  @Override
  protected Face face() {
    return new JavaFace();
  }

  static final class JavaFace implements Face {
    @Override
    public List<String> produceConsumeJoin(Queue<Integer> q, int n) {
      List<String> seen = new ArrayList<>();
      return JavaFaceBehavioursTest.run(() -> {
        Task<Void> consumer =
            Asyncio.createTask(() -> q.forEachAsync(x -> {
              seen.add(String.valueOf(x));
              return Asyncio.sleep(0.1);
            }));
        Task<Void> producer = Asyncio.createTask(() -> {
          CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
          for (int i = 1; i <= n; i++) {
            int v = i;
            f = f.thenCompose(x -> q.putAsync(v));
          }
          return f;
        });
        return producer
            .thenCompose(x -> q.joinAsync())
            .thenCompose(x -> {
              seen.add("joined");
              q.shutdown();
              return consumer;
            })
            .thenApply(x -> seen);
      });
    }

    @Override
    public List<String> getterOrder(Queue<String> q) {
      List<String> log = new ArrayList<>();
      return JavaFaceBehavioursTest.run(() -> {
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          int id = i;
          ts.add(Asyncio.createTask(
              () -> q.getAsync().thenAccept(x -> log.add("getter " + id + " got " + x))));
        }
        return Asyncio.sleep(0)
            .thenCompose(x -> q.putAsync("a"))
            .thenCompose(x -> q.putAsync("b"))
            .thenCompose(x -> q.putAsync("c"))
            .thenCompose(x -> CompletableFuture.allOf(ts.toArray(new CompletableFuture<?>[0])))
            .thenApply(x -> log);
      });
    }

    @Override
    public Throwable waitingPutAtShutdown(Queue<Integer> q) {
      return JavaFaceBehavioursTest.run(() -> {
        Task<Void> put = Asyncio.createTask(() -> q.putAsync(0));
        return Asyncio.sleep(0).thenCompose(x -> {
          q.shutdown();
          return put.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e);
        });
      });
    }

    @Override
    public List<Integer> putAllGetAll(Queue<Integer> q, List<Integer> items) {
      return JavaFaceBehavioursTest.run(() -> {
        CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
        for (Integer x : items) {
          f = f.thenCompose(v -> q.putAsync(x));
        }
        CompletableFuture<List<Integer>> out = f.thenApply(v -> new ArrayList<>());
        for (int i = 0; i < items.size(); i++) {
          out = out.thenCompose(l -> q.getAsync().thenApply(x -> {
            l.add(x);
            return l;
          }));
        }
        return out;
      });
    }
  }
}
