package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Composition, in Java: gather three fetches, give up on a slow one with waitFor, take results
 * as they complete, and shield a save from cancellation. The Kotlin twin is
 * {@code CompositionTourKt}.
 */
public final class CompositionTour {
  private CompositionTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  /**
   * Runs the tour on a loop made by {@code loops} (tests pass a virtual-clock loop).
   *
   * @param out where to print
   * @param loops the loop factory
   * @return the gathered pages
   */
  public static List<String> run(PrintStream out, Supplier<EventLoop> loops) {
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double t0 = loop.time();
      Log log = msg -> out.printf("[%.2f s] %s%n", loop.time() - t0, msg);

      // gather: results in argument order, in the time of the slowest
      return Asyncio.<String>gather(
          () -> fetch("a", 0.3), () -> fetch("b", 0.1), () -> fetch("c", 0.2))
          .thenCompose(pages -> {
            log.print("gather: " + pages);
            // waitFor: the slow fetch is cancelled at the deadline, then TimeoutError
            return Asyncio.waitFor(() -> fetch("slow", 5), 0.5).handle((v, e) -> {
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              log.print("waitFor: " + (cause instanceof TimeoutError ? "timed out" : v));
              return pages;
            });
          })
          .thenCompose(pages -> {
            // asCompleted: results in the order they finish
            List<Task<String>> tasks = List.of(Asyncio.createTask(() -> fetch("x", 0.2)),
                Asyncio.createTask(() -> fetch("y", 0.1)));
            return Asyncio.asCompleted(tasks)
                .forEachAsync(p -> log.print("asCompleted: " + p))
                .thenApply(v -> pages);
          })
          .thenCompose(pages -> {
            // shield: cancelling the outer future leaves the save running
            Task<String> save = Asyncio.createTask(() -> fetch("saved", 0.3));
            Future<String> shielded = Asyncio.shield(save);
            shielded.cancel();
            return save.thenApply(s -> {
              log.print("shield: outer cancelled=" + shielded.cancelled() + ", inner " + s);
              return pages;
            });
          });
    }, loops);
  }

  private static CompletionStage<String> fetch(String page, double seconds) {
    return Asyncio.sleep(seconds, page);
  }

  private interface Log {
    void print(String msg);
  }
}
