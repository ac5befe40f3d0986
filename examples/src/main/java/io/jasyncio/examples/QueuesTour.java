package io.jasyncio.examples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Queue;
import io.jasyncio.QueueShutDown;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Producer and workers on a bounded {@link Queue}, in Java direct style: each worker is a direct
 * task that loops on {@code await(jobs.getAsync())} until the queue is shut down, the producer
 * {@code await}s room with {@code putAsync}, {@code joinAsync} waits until every job is done,
 * {@code shutdown} ends the workers. The code reads as CPython's version does; the Kotlin twin is
 * {@code QueuesTourKt}.
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
    return Asyncio.run(direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double t0 = loop.time();
      Queue<String> jobs = Queue.create(2);
      List<String> finished = new ArrayList<>();
      List<Task<Void>> workers = new ArrayList<>();
      for (String w : List.of("w1", "w2")) {
        workers.add(Asyncio.createTask(direct(() -> {
          while (true) {
            String job;
            try {
              job = await(jobs.getAsync());
            } catch (QueueShutDown e) {
              return null; // shut down and empty: this worker is done
            }
            await(Asyncio.sleep(0.1));
            out.printf("[%.2f s] %s finished %s%n", loop.time() - t0, w, job);
            finished.add(job);
            jobs.taskDone();
          }
        })));
      }
      for (String job : List.of("a", "b", "c", "d", "e")) {
        await(jobs.putAsync(job)); // waits while 2 are queued
      }
      await(jobs.joinAsync());
      out.printf("[%.2f s] all jobs done, %d unfinished%n",
          loop.time() - t0, jobs.statistics().unfinishedTasks());
      jobs.shutdown(); // the workers' loops end
      for (Task<Void> w : workers) {
        await(w);
      }
      return finished;
    }), loops);
  }
}
