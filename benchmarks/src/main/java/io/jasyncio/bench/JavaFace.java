package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    m.put(Registry.SLEEPERS, () -> sleepers(Registry.SLEEPERS_N));
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

  /** W2: n tasks each {@code Asyncio.sleep(d)}, then {@code Asyncio.gather} of them all. */
  static Result sleepers(int n) {
    int[] delays = Registry.lcgDelaysMs(n);
    double ideal = Registry.idealSeconds(delays);
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      long t0 = System.nanoTime();
      List<Task<Void>> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        double d = delays[i] / 1000.0;
        tasks.add(loop.createTask(() -> Asyncio.sleep(d)));
      }
      double spawn = Result.secondsSince(t0);
      return Asyncio.gather(tasks).thenApply(results -> {
        double dt = Result.secondsSince(t0);
        Result.checkCount(results.size(), n);
        return Result.of("n=" + n, n, dt)
            .with("ideal_s", String.format("%.3f", ideal))
            .with("overhead_s", String.format("%.4f", dt - ideal))
            .with("spawn_s", String.format("%.4f", spawn));
      });
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
}
