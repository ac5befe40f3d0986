package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.kotlin.Queue
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.consumeAsFlow
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.join
import io.jasyncio.kotlin.put
import io.jasyncio.kotlin.sleep
import java.io.PrintStream

/**
 * Producer and workers on a bounded queue, in Kotlin: two workers collect `consumeAsFlow()`
 * (which marks each job done), the producer suspends in `put` while the queue is full, `join`
 * waits until every job is done, `shutdown` ends the workers. The Java twin is `QueuesTour.java`.
 */
object QueuesTourKt {
  @JvmStatic
  fun main(args: Array<String>) {
    run(System.out, Clock.monotonic())
  }

  /** Runs the tour on [clock]; the jobs in the order they were finished. */
  @JvmStatic
  fun run(out: PrintStream, clock: Clock): List<String> = asyncioRun(clock) {
    val loop = getRunningLoop()
    val t0 = loop.time()
    val jobs = Queue<String>(2)
    val finished = mutableListOf<String>()
    val workers = listOf("w1", "w2").map { w ->
      createTask {
        jobs.consumeAsFlow().collect { job ->
          sleep(0.1)
          out.printf("[%.2f s] %s finished %s%n", loop.time() - t0, w, job)
          finished += job
        }
      }
    }
    for (job in listOf("a", "b", "c", "d", "e")) jobs.put(job) // suspends while 2 are queued
    jobs.join()
    out.printf("[%.2f s] all jobs done, %d unfinished%n", loop.time() - t0, jobs.statistics().unfinishedTasks())
    jobs.shutdown() // the workers' flows complete
    for (w in workers) w.await()
    finished
  }
}
