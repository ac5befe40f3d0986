package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Event;
import io.jasyncio.EventLoop;
import io.jasyncio.Semaphore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Synchronization primitives in Java: four downloads wait for an {@link Event} to start, and a
 * {@link Semaphore} lets two of them run at a time. The Kotlin twin is {@code SyncTourKt.kt}.
 */
public final class SyncTour {
  private SyncTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  /**
   * Runs the example on a loop from {@code loopFactory} (tests pass a virtual clock).
   *
   * @return the downloads, in the order they finished
   */
  public static List<String> run(PrintStream out, Supplier<EventLoop> loopFactory) {
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double t0 = loop.time();
      Event start = Event.create();
      Semaphore slots = Semaphore.create(2);
      List<String> finished = new ArrayList<>();
      List<CompletableFuture<?>> downloads = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        String name = "file" + i;
        downloads.add(Asyncio.createTask(() -> start.waitAsync().thenCompose(v ->
            // async with slots: the permit is released however the body ends
            slots.withPermitAsync(() -> {
              log(out, loop, t0, name + ": downloading (" + slots.availablePermits() + " slot(s) left)");
              return Asyncio.sleep(0.1).thenRun(() -> {
                log(out, loop, t0, name + ": done");
                finished.add(name);
              });
            }))).toCompletableFuture());
      }
      return Asyncio.sleep(0.05).thenCompose(v -> {
        log(out, loop, t0, "start!");
        start.set();
        return CompletableFuture.allOf(downloads.toArray(new CompletableFuture<?>[0]));
      }).thenApply(v -> {
        log(out, loop, t0, "all done: two at a time, so 0.2 s after the start");
        return finished;
      });
    }, loopFactory);
  }

  private static void log(PrintStream out, EventLoop loop, double t0, String msg) {
    out.println(String.format("[%.2f s] %s", loop.time() - t0, msg));
  }
}
