package io.jasyncio.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * W5 with virtual threads (JDK 21+), as the anchor kit's {@code java-vt} runs it, and once more
 * with the lock policy asyncio's {@code Lock} (and jasyncio's) has: first come, first served.
 *
 * <p>The kit's W5 uses a non-fair {@code ReentrantLock}: a thread that releases and at once
 * acquires again takes the lock back ahead of the waiters (barging), so most of its 1,000
 * acquires never park. asyncio's Lock hands the lock to the first waiter; the releasing task
 * queues behind it, so every contended acquire parks and every release wakes the next task.
 * {@link Registry#LOCK_FIFO} is the same workload with {@code new ReentrantLock(true)}: the same
 * hand-off as asyncio's Lock, on virtual threads. Found by reflection so that this module still
 * compiles for Java 17.
 */
final class VirtualThreadsLock {
  private VirtualThreadsLock() {}

  static Map<String, Bench> workloads() {
    return Map.of(
        Registry.LOCK, () -> lock(false, Registry.LOCK_TASKS, Registry.LOCK_ITERS),
        Registry.LOCK_FIFO, () -> lock(true, Registry.LOCK_TASKS, Registry.LOCK_ITERS));
  }

  static Result lock(boolean fair, int tasks, int iters) throws Exception {
    ExecutorService vts = (ExecutorService) java.util.concurrent.Executors.class
        .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    ReentrantLock lock = new ReentrantLock(fair);
    long[] counter = {0};
    try {
      long t0 = System.nanoTime();
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        all.add(vts.submit(() -> {
          for (int j = 0; j < iters; j++) {
            lock.lock();
            try {
              counter[0]++;
              if (j % 10 == 0) {
                Thread.yield();
              }
            } finally {
              lock.unlock();
            }
          }
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      double dt = Result.secondsSince(t0);
      long n = (long) tasks * iters;
      Result.checkCount(counter[0], n);
      return Result.of("tasks=" + tasks + ",iters=" + iters, n, dt)
          .with("lock", fair ? "ReentrantLock(fair)" : "ReentrantLock(nonfair)");
    } finally {
      vts.shutdownNow();
    }
  }
}
