package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TaskGroupException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Structured concurrency in Java: a TaskGroup that waits for its tasks, a timeout scope, and a
 * group whose failing task cancels the others. The Kotlin twin is {@code ScopesTourKt}.
 */
public final class ScopesTour {
  private ScopesTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  /**
   * Runs the tour on a loop made by {@code loops} (tests pass a virtual-clock loop).
   *
   * @param out where to print
   * @param loops the loop factory
   * @return the pages fetched by the first group, in order
   */
  public static List<String> run(PrintStream out, Supplier<EventLoop> loops) {
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double t0 = loop.time();
      Log log = msg -> out.printf("[%.2f s] %s%n", loop.time() - t0, msg);

      // 1. A group waits for all its tasks.
      List<Task<String>> pages = new ArrayList<>();
      return Asyncio.taskGroup(tg -> {
        pages.add(tg.createTask(() -> fetch(log, "a", 0.3), "a"));
        pages.add(tg.createTask(() -> fetch(log, "b", 0.1), "b"));
        pages.add(tg.createTask(() -> fetch(log, "c", 0.2), "c"));
        return CompletableFuture.completedFuture(null);
      }).thenCompose(v -> {
        List<String> got = new ArrayList<>();
        pages.forEach(p -> got.add(p.result()));
        log.print("group done: " + got);
        // 2. A timeout scope: the body is cancelled at the deadline, the scope fails with TimeoutError.
        return Asyncio.timeout(0.5, () -> fetch(log, "slow", 1.0))
            .handle((r, e) -> {
              log.print("slow: " + e.getClass().getSimpleName() + " after 0.5 s");
              return got;
            });
      }).thenCompose(got -> Asyncio.taskGroup(tg -> {
        // 3. One failing task cancels the others; the group reports every failure.
        tg.createTask(() -> fetch(log, "fine", 1.0));
        tg.createTask(() -> Asyncio.sleep(0.2).thenCompose(
            x -> CompletableFuture.failedFuture(new IllegalStateException("broken link"))));
        return CompletableFuture.completedFuture(null);
      }).handle((v, e) -> {
        List<String> msgs = new ArrayList<>();
        ((TaskGroupException) e).exceptions().forEach(x -> msgs.add(x.getMessage()));
        log.print("group failed: " + msgs + "; the other fetch was cancelled");
        return got;
      }));
    }, loops);
  }

  private static CompletionStage<String> fetch(Log log, String page, double seconds) {
    return Asyncio.sleep(seconds, page).thenApply(p -> {
      log.print("fetched " + p);
      return p;
    });
  }

  @FunctionalInterface
  private interface Log {
    void print(String msg);
  }
}
