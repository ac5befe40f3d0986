package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.currentTask
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sleep
import java.io.PrintStream

/**
 * The first stop of the tour, in Kotlin: the same program as `TasksTour.java`, with suspend
 * functions on the same objects.
 */
object TasksTourKt {
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

    loop.callLater(0.05) { log("callLater: 50 ms after the start") }
    loop.callSoon { log("callSoon: runs in the next loop iteration") }

    suspend fun prepare(what: String, seconds: Double): String {
      log("$what: started in ${currentTask()!!.name}")
      sleep(seconds)
      log("$what: done")
      return what
    }

    // Three tasks run concurrently on the one loop thread.
    val coffee = createTask("coffee") { prepare("coffee", 0.3) }
    val toast = createTask("toast") { prepare("toast", 0.2) }
    val eggs = createTask("eggs") { prepare("eggs", 0.1) }
    log("created ${coffee.name}, ${toast.name}, ${eggs.name}")

    val all = listOf(coffee.await(), toast.await(), eggs.await())
    log("$all ready: the time of the longest (0.3 s), not the sum (0.6 s)")
    all
  }
}
