package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.kotlin.Event
import io.jasyncio.kotlin.Semaphore
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.wait
import io.jasyncio.kotlin.withPermit
import java.io.PrintStream

/**
 * The synchronization example in Kotlin: the same program as `SyncTour.java`, with `wait()` and
 * `withPermit { }` on the same objects.
 */
object SyncTourKt {
  @JvmStatic
  fun main(args: Array<String>) {
    run(System.out, Clock.monotonic())
  }

  /** Runs the example on a loop with [clock]; returns the downloads in the order they finished. */
  @JvmStatic
  fun run(out: PrintStream, clock: Clock): List<String> = asyncioRun(clock) {
    val loop = getRunningLoop()
    val t0 = loop.time()
    fun log(msg: String) = out.println("[%.2f s] %s".format(loop.time() - t0, msg))

    val start = Event()
    val slots = Semaphore(2)
    val finished = mutableListOf<String>()
    val downloads = (1..4).map { i ->
      createTask {
        start.wait()
        slots.withPermit {
          log("file$i: downloading (${slots.availablePermits()} slot(s) left)")
          sleep(0.1)
          log("file$i: done")
          finished += "file$i"
        }
      }
    }
    sleep(0.05)
    log("start!")
    start.set()
    for (d in downloads) d.await()
    log("all done: two at a time, so 0.2 s after the start")
    finished
  }
}
