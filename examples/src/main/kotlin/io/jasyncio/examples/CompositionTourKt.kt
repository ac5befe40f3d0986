package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.TimeoutError
import io.jasyncio.kotlin.asCompleted
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.gather
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.shield
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.waitFor
import java.io.PrintStream

/** Composition, in Kotlin: the same program as `CompositionTour.java`. */
object CompositionTourKt {
  @JvmStatic
  fun main(args: Array<String>) {
    run(System.out, Clock.monotonic())
  }

  /** Runs the tour on a loop with [clock] (tests pass a virtual clock). */
  @JvmStatic
  fun run(out: PrintStream, clock: Clock): List<String> = asyncioRun(clock) {
    val loop = getRunningLoop()
    val t0 = loop.time()
    fun log(msg: String) = out.println("[%.2f s] %s".format(loop.time() - t0, msg))

    suspend fun fetch(page: String, seconds: Double): String {
      sleep(seconds)
      return page
    }

    // gather: results in argument order, in the time of the slowest
    val pages = gather({ fetch("a", 0.3) }, { fetch("b", 0.1) }, { fetch("c", 0.2) })
    log("gather: $pages")

    // waitFor: the slow fetch is cancelled at the deadline, then TimeoutError
    try {
      waitFor(0.5) { fetch("slow", 5.0) }
    } catch (e: TimeoutError) {
      log("waitFor: timed out")
    }

    // asCompleted: results in the order they finish
    asCompleted(createTask { fetch("x", 0.2) }, createTask { fetch("y", 0.1) })
      .collect { log("asCompleted: $it") }

    // shield: cancelling the caller leaves the save running
    val save = createTask { fetch("saved", 0.3) }
    val caller = createTask { shield(save) }
    sleep(0.0)
    caller.cancel()
    val saved = save.await()
    log("shield: outer cancelled=${caller.cancelled()}, inner $saved")
    pages
  }
}
