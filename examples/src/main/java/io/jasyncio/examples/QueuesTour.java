package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Queue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Producer and workers on a bounded {@link Queue}, in Java: two workers consume with
 * {@code forEachAsync} (which marks each job done), the producer waits for room with
 * {@code putAsync}, {@code joinAsync} waits until every job is done, {@code shutdown} ends the
 * workers. The Kotlin twin is {@code QueuesTourKt}.
 */
public final class QueuesTour {
  private QueuesTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  /**
   * @param out where to print
   * @param loops the loop factory (tests pass a virtual-clock loop)
   * @return the jobs in the order they were finished
   */
  public static List<String> run(PrintStream out, Supplier<EventLoop> loops) {
    return Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double t0 = loop.time();
      Queue<String> jobs = Queue.create(2);
      List<String> finished = new ArrayList<>();
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (String w : List.of("w1", "w2")) {
        workers.add(jobs.forEachAsync(job ->
            Asyncio.sleep(0.1).thenRun(() -> {
              out.printf("[%.2f s] %s finished %s%n", loop.time() - t0, w, job);
              finished.add(job);
            })));
      }
      CompletableFuture<Void> producer = CompletableFuture.completedFuture(null);
      for (String job : List.of("a", "b", "c", "d", "e")) {
        producer = producer.thenCompose(v -> jobs.putAsync(job)); // waits while 2 are queued
      }
      return producer
          .thenCompose(v -> jobs.joinAsync())
          .thenCompose(v -> {
            out.printf("[%.2f s] all jobs done, %d unfinished%n",
                loop.time() - t0, jobs.statistics().unfinishedTasks());
            jobs.shutdown(); // the workers' loops end
            return CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0]));
          })
          .thenApply(v -> finished);
    }, loops);
  }
}
