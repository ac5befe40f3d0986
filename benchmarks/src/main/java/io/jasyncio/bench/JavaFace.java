package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Queue;
import io.jasyncio.QueueShutDown;
import io.jasyncio.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The workloads through jasyncio's Java face: {@code Asyncio.run} with a Java coroutine function
 * (a method returning a {@code CompletionStage}), never blocking the loop thread.
 */
public final class JavaFace {
  private JavaFace() {}

  /** @return this implementation's workloads */
  public static Map<String, Bench> workloads() {
    Map<String, Bench> m = new LinkedHashMap<>();
    m.put(Registry.SPAWN, () -> spawn(Registry.SPAWN_N, Registry.SPAWN_BATCH));
    m.put(Registry.QUEUE_PINGPONG,
        () -> queuePingpong(Registry.QUEUE_PINGPONG_N, Registry.QUEUE_PINGPONG_MAXSIZE));
    m.put(Registry.QUEUE_FAN,
        () -> queueFan(Registry.QUEUE_FAN_N, Registry.QUEUE_FAN_TASKS, Registry.QUEUE_FAN_MAXSIZE));
    m.put(Registry.CALL_SOON, () -> callSoon(Registry.CALL_SOON_N));
    return m;
  }

  /** W1: batches of tasks, each batch awaited with {@code allOf}, chained with thenCompose. */
  static Result spawn(int n, int batch) {
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      long t0 = System.nanoTime();
      return spawnFrom(loop, 0, n, batch, 0L).thenApply(total -> {
        double dt = Result.secondsSince(t0);
        Result.checkSum(total, n);
        return Result.of("n=" + n + ",batch=" + batch, n, dt);
      });
    });
  }

  /** Runs the batches from {@code base} on, adding their results to {@code total}. */
  private static CompletableFuture<Long> spawnFrom(
      EventLoop loop, int base, int n, int batch, long total) {
    if (base >= n) {
      return CompletableFuture.completedFuture(total);
    }
    @SuppressWarnings("unchecked")
    Task<Integer>[] tasks = new Task[batch];
    CompletableFuture<?>[] all = new CompletableFuture<?>[batch];
    for (int i = 0; i < batch; i++) {
      Integer value = base + i;
      Task<Integer> t = loop.createTask(() -> CompletableFuture.completedFuture(value));
      tasks[i] = t;
      all[i] = t.toCompletableFuture(); // the task itself: tasks are CompletableFutures
    }
    return CompletableFuture.allOf(all).thenCompose(done -> {
      long sum = total;
      for (Task<Integer> t : tasks) {
        sum += t.result(); // done: result() does not block
      }
      return spawnFrom(loop, base + batch, n, batch, sum);
    });
  }

  /** W8: {@code loop.callSoon} n times from the main task; the last callback sets a future. */
  static Result callSoon(int n) {
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Future<Void> done = loop.createFuture();
      int[] count = {0};
      Runnable cb = () -> {
        if (++count[0] == n) {
          done.setResult(null);
        }
      };
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        loop.callSoon(cb);
      }
      return done.thenApply(v -> {
        double dt = Result.secondsSince(t0);
        Result.checkCount(count[0], n);
        return Result.of("n=" + n, n, dt).with("via", "callSoon");
      });
    });
  }

  /** W3: one producer task and one consumer task on a Queue(maxsize); the consumer sums. */
  static Result queuePingpong(int n, int maxsize) {
    return Asyncio.run(() -> {
      Queue<Integer> q = Queue.create(maxsize);
      long t0 = System.nanoTime();
      Task<Void> producer = Asyncio.createTask(() -> putFrom(q, 0, n));
      Task<Long> consumer = Asyncio.createTask(() -> sumFrom(q, n, 0L));
      return producer.thenCompose(v -> consumer).thenApply(total -> {
        double dt = Result.secondsSince(t0);
        Result.checkSum(total, n);
        return Result.of("n=" + n + ",maxsize=" + maxsize, n, dt);
      });
    });
  }

  /** Puts from..n-1, going on synchronously while puts complete at once. */
  private static CompletableFuture<Void> putFrom(Queue<Integer> q, int from, int n) {
    for (int i = from; i < n; i++) {
      CompletableFuture<Void> f = q.putAsync(i);
      if (!f.isDone()) {
        int next = i + 1;
        return f.thenCompose(v -> putFrom(q, next, n));
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Gets {@code left} items, adding them to {@code total}. */
  private static CompletableFuture<Long> sumFrom(Queue<Integer> q, int left, long total) {
    long sum = total;
    for (int i = left; i > 0; i--) {
      CompletableFuture<Integer> f = q.getAsync();
      if (!f.isDone()) {
        long s = sum;
        int rest = i - 1;
        return f.thenCompose(x -> sumFrom(q, rest, s + x));
      }
      sum += f.join();
    }
    return CompletableFuture.completedFuture(sum);
  }

  /** W4: producers put their share; consumers get, count and taskDone; the main task joins. */
  static Result queueFan(int n, int tasks, int maxsize) {
    return Asyncio.run(() -> {
      Queue<Integer> q = Queue.create(maxsize);
      int per = n / tasks;
      long[] processed = {0};
      long t0 = System.nanoTime();
      CompletableFuture<?>[] consumers = new CompletableFuture<?>[tasks];
      for (int c = 0; c < tasks; c++) {
        consumers[c] = Asyncio.createTask(() -> consume(q, processed)).toCompletableFuture();
      }
      CompletableFuture<?>[] producers = new CompletableFuture<?>[tasks];
      for (int p = 0; p < tasks; p++) {
        producers[p] = Asyncio.createTask(() -> putFrom(q, 0, per)).toCompletableFuture();
      }
      return CompletableFuture.allOf(producers)
          .thenCompose(v -> q.joinAsync())
          .thenCompose(v -> {
            double dt = Result.secondsSince(t0);
            q.shutdown();
            return CompletableFuture.allOf(consumers).thenApply(x -> {
              Result.checkCount(processed[0], (long) per * tasks);
              return Result.of(
                  "n=" + n + ",p=" + tasks + ",c=" + tasks + ",maxsize=" + maxsize, n, dt);
            });
          });
    });
  }

  /** Gets until the queue is shut down, counting and marking each item done. */
  private static CompletableFuture<Void> consume(Queue<Integer> q, long[] processed) {
    while (true) {
      CompletableFuture<Integer> f = q.getAsync();
      if (!f.isDone()) {
        return f.handle((x, e) -> e).thenCompose(e -> {
          if (e != null) {
            return endOnShutdown(e);
          }
          processed[0]++;
          q.taskDone();
          return consume(q, processed);
        });
      }
      if (f.isCompletedExceptionally()) {
        return f.handle((x, e) -> e).thenCompose(JavaFace::endOnShutdown);
      }
      f.join();
      processed[0]++;
      q.taskDone();
    }
  }

  private static CompletableFuture<Void> endOnShutdown(Throwable e) {
    Throwable c = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
    return c instanceof QueueShutDown
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(c);
  }
}
