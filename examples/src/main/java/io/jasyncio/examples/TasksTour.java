package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The first stop of the tour, in Java: tasks, sleep, callSoon/callLater, and three concurrent
 * tasks that finish in the time of the longest one, not the sum. The Kotlin twin is
 * {@code TasksTourKt}.
 */
public final class TasksTour {
  private TasksTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  /**
   * Runs the tour on a loop made by {@code loops} (tests pass a virtual-clock loop).
   *
   * @param out where to print
   * @param loops the loop factory
   * @return the three results in order
   */
  public static List<String> run(PrintStream out, Supplier<EventLoop> loops) {
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double t0 = loop.time();
      loop.callLater(0.05, () -> out.printf("[%.2f s] callLater: 50 ms after the start%n", loop.time() - t0));
      loop.callSoon(() -> out.println("[0.00 s] callSoon: runs in the next loop iteration"));

      // Three tasks run concurrently on the one loop thread.
      Task<String> coffee = Asyncio.createTask(() -> prepare(out, loop, t0, "coffee", 0.3), "coffee");
      Task<String> toast = Asyncio.createTask(() -> prepare(out, loop, t0, "toast", 0.2), "toast");
      Task<String> eggs = Asyncio.createTask(() -> prepare(out, loop, t0, "eggs", 0.1), "eggs");
      out.println("[0.00 s] created " + coffee.getName() + ", " + toast.getName() + ", " + eggs.getName());

      // Tasks are CompletableFutures: compose them without blocking the loop.
      return coffee.thenCompose(c -> toast.thenCombine(eggs, (t, e) -> List.of(c, t, e)))
          .thenApply(all -> {
            out.printf("[%.2f s] %s ready: the time of the longest (0.3 s), not the sum (0.6 s)%n",
                loop.time() - t0, all);
            return all;
          });
    }, loops);
  }

  private static CompletionStage<String> prepare(
      PrintStream out, EventLoop loop, double t0, String what, double seconds) {
    out.printf("[%.2f s] %s: started in %s%n", loop.time() - t0, what, Asyncio.currentTask().getName());
    return Asyncio.sleep(seconds, what).thenApply(w -> {
      out.printf("[%.2f s] %s: done%n", loop.time() - t0, w);
      return w;
    });
  }
}
