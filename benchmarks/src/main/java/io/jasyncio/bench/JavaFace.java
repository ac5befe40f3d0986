package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Event;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Semaphore;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
    m.put(Registry.QUEUE_PINGPONG,
        () -> queuePingpong(Registry.QUEUE_PINGPONG_N, Registry.QUEUE_PINGPONG_MAXSIZE));
    m.put(Registry.QUEUE_FAN,
        () -> queueFan(Registry.QUEUE_FAN_N, Registry.QUEUE_FAN_TASKS, Registry.QUEUE_FAN_MAXSIZE));
    m.put(Registry.LOCK, () -> lock(Registry.LOCK_TASKS, Registry.LOCK_ITERS));
    m.put(Registry.LOCK + "-recursive", () -> lockRecursive(Registry.LOCK_TASKS, Registry.LOCK_ITERS));
    m.put(Registry.SEMAPHORE, () -> semaphore(Registry.SEM_TASKS, Registry.SEM_PERMITS));
    m.put(Registry.EVENT, () -> event(Registry.EVENT_N));
    m.put(Registry.CALL_SOON, () -> callSoon(Registry.CALL_SOON_N));
    NetJava.addStreams(m);
    m.put(Registry.UDP_PINGPONG, UdpJava::pingpong); // issue 11 (udp)
    ProcJava.add(m); // issue 12
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

  /** W3: one producer task and one consumer task on a Queue(maxsize); the consumer sums. */
  static Result queuePingpong(int n, int maxsize) {
    return Asyncio.run(() -> {
      Queue<Integer> q = Queue.create(maxsize);
      long t0 = System.nanoTime();
      Task<Void> producer = Asyncio.createTask(() -> putAll(q, n));
      Task<Long> consumer = Asyncio.createTask(() -> sumAll(q, n));
      return producer.thenCompose(v -> consumer).thenApply(total -> {
        double dt = Result.secondsSince(t0);
        Result.checkSum(total, n);
        return Result.of("n=" + n + ",maxsize=" + maxsize, n, dt);
      });
    });
  }

  /**
   * Puts 0..n-1: the usual Java async loop, going on synchronously while puts complete at once
   * and resuming from the put's completion when one waits (no chain of n nested stages).
   */
  static CompletableFuture<Void> putAll(Queue<Integer> q, int n) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    new Runnable() {
      int i;

      @Override
      public void run() {
        while (i < n) {
          CompletableFuture<Void> f = q.putAsync(i++);
          if (!f.isDone()) {
            f.whenComplete((v, e) -> {
              if (e != null) {
                done.completeExceptionally(e);
              } else {
                run();
              }
            });
            return;
          }
        }
        done.complete(null);
      }
    }.run();
    return done;
  }

  /** Gets n items and sums them, as {@link #putAll}. */
  static CompletableFuture<Long> sumAll(Queue<Integer> q, int n) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    new Runnable() {
      int left = n;
      long sum;

      @Override
      public void run() {
        while (left > 0) {
          CompletableFuture<Integer> f = q.getAsync();
          left--;
          if (!f.isDone()) {
            f.whenComplete((x, e) -> {
              if (e != null) {
                done.completeExceptionally(e);
              } else {
                sum += x;
                run();
              }
            });
            return;
          }
          sum += f.join();
        }
        done.complete(sum);
      }
    }.run();
    return done;
  }

  /**
   * W4: producers put their share; consumers ({@code forEachAsync}, which calls taskDone) count;
   * the main task joins, then shuts the queue down to end the consumers.
   */
  static Result queueFan(int n, int tasks, int maxsize) {
    return Asyncio.run(() -> {
      Queue<Integer> q = Queue.create(maxsize);
      int per = n / tasks;
      long[] processed = {0};
      long t0 = System.nanoTime();
      CompletableFuture<?>[] consumers = new CompletableFuture<?>[tasks];
      for (int c = 0; c < tasks; c++) {
        consumers[c] = Asyncio.createTask(() -> q.forEachAsync(x -> {
          processed[0]++;
          return null;
        })).toCompletableFuture();
      }
      CompletableFuture<?>[] producers = new CompletableFuture<?>[tasks];
      for (int p = 0; p < tasks; p++) {
        producers[p] = Asyncio.createTask(() -> putAll(q, per)).toCompletableFuture();
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

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * W5: each task runs {@code iters} rounds of acquireAsync / release, with a sleep(0) while
   * holding the lock every 10th time, as a counted chain-style loop ({@link Asyncio#repeat}, the
   * anchor kit's java-cf shape).
   */
  static Result lock(int tasks, int iters) {
    return lockTasks(tasks, iters, (lock, counter) -> Asyncio.repeat(iters, j -> lock.acquireAsync().thenCompose(v -> {
      counter[0]++;
      if (j % 10 == 0) {
        return Asyncio.sleep(0).thenRun(lock::release);
      }
      lock.release();
      return DONE;
    })));
  }

  /** W5 written as a recursive chain (one pending stage per round until the task ends). */
  static Result lockRecursive(int tasks, int iters) {
    return lockTasks(tasks, iters, (lock, counter) -> lockRounds(lock, counter, 0, iters));
  }

  /** W5's frame: {@code tasks} tasks, each running {@code body}, and the count checked. */
  private static Result lockTasks(
      int tasks, int iters, java.util.function.BiFunction<Lock, long[], CompletionStage<Void>> body) {
    return Asyncio.run(() -> {
      Lock lock = Lock.create();
      long[] counter = {0};
      long t0 = System.nanoTime();
      CompletableFuture<?>[] all = new CompletableFuture<?>[tasks];
      for (int i = 0; i < tasks; i++) {
        all[i] = Asyncio.createTask(() -> body.apply(lock, counter)).toCompletableFuture();
      }
      return CompletableFuture.allOf(all).thenApply(v -> {
        double dt = Result.secondsSince(t0);
        long n = (long) tasks * iters;
        Result.checkCount(counter[0], n);
        return Result.of("tasks=" + tasks + ",iters=" + iters, n, dt);
      });
    });
  }

  private static CompletionStage<Void> lockRounds(Lock lock, long[] counter, int j, int iters) {
    if (j == iters) {
      return DONE;
    }
    return lock.acquireAsync().thenCompose(v -> {
      counter[0]++;
      CompletionStage<Void> body = j % 10 == 0 ? Asyncio.sleep(0) : DONE;
      return body.thenCompose(x -> {
        lock.release();
        return lockRounds(lock, counter, j + 1, iters);
      });
    });
  }

  /** W6: withPermitAsync around a 1 ms sleep, for every task. */
  static Result semaphore(int tasks, int permits) {
    return Asyncio.run(() -> {
      Semaphore sem = Semaphore.create(permits);
      long t0 = System.nanoTime();
      CompletableFuture<?>[] all = new CompletableFuture<?>[tasks];
      for (int i = 0; i < tasks; i++) {
        all[i] = sem.withPermitAsync(() -> Asyncio.sleep(0.001));
      }
      return CompletableFuture.allOf(all).thenApply(v -> {
        double dt = Result.secondsSince(t0);
        double ideal = tasks / permits * 0.001;
        return Result.of("tasks=" + tasks + ",permits=" + permits, tasks, dt)
            .with("ideal_s", String.format("%.3f", ideal))
            .with("overhead_s", String.format("%.4f", dt - ideal));
      });
    });
  }

  /** W7: tasks each waitAsync on one Event; timed from set() until all finished. */
  static Result event(int n) {
    return Asyncio.run(() -> {
      Event ev = Event.create();
      int[] started = {0};
      int[] done = {0};
      long tSetup = System.nanoTime();
      CompletableFuture<?>[] all = new CompletableFuture<?>[n];
      for (int i = 0; i < n; i++) {
        all[i] = Asyncio.createTask(() -> {
          started[0]++;
          return ev.waitAsync().thenRun(() -> done[0]++);
        }).toCompletableFuture();
      }
      return untilStarted(started, n).thenCompose(t0 -> {
        ev.set();
        return CompletableFuture.allOf(all).thenApply(v -> {
          double dt = Result.secondsSince(t0);
          Result.checkCount(done[0], n);
          return Result.of("n=" + n, n, dt)
              .with("setup_s", String.format("%.4f", (t0 - tSetup) / 1e9));
        });
      });
    });
  }

  private static CompletableFuture<Long> untilStarted(int[] started, int n) {
    if (started[0] >= n) {
      return CompletableFuture.completedFuture(System.nanoTime());
    }
    return Asyncio.sleep(0).thenCompose(v -> untilStarted(started, n));
  }
}
