package io.jasyncio.examples

import io.jasyncio.Asyncio
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.setBlockedLoopThreshold
import io.jasyncio.kotlin.sleep
import java.io.PrintStream
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.logging.Handler
import java.util.logging.LogRecord
import java.util.logging.Logger
import kotlin.time.Duration.Companion.milliseconds

/** Debugging a loop, in Kotlin: the twin of `DebugTour` (slow-step report, blocked-loop watchdog). */
public object DebugTourKt {
  @JvmStatic
  public fun main(args: Array<String>) {
    run(System.out)
  }

  @JvmStatic
  public fun run(out: PrintStream) {
    val reported = CountDownLatch(1)
    val seen = java.util.concurrent.ConcurrentHashMap.newKeySet<String>()
    val debugLog = Logger.getLogger("io.jasyncio.debug")
    val listener = object : Handler() {
      override fun publish(r: LogRecord) {
        val first = r.message.lineSequence().first()
        if (first.startsWith("Executing")) {
          // the tour names its tasks; other slow steps (class loading on a cold JVM) are skipped
          for (name in listOf("crunch", "stuck")) {
            if ("name=$name," in first && seen.add(name)) out.println("slow step: task $name")
          }
        } else if ("blocked for" in first) {
          val inAwait = "CountDownLatch.await" in r.message
          out.println("watchdog: the loop is blocked" + if (inAwait) " in CountDownLatch.await" else "")
          reported.countDown()
        }
      }

      override fun flush() {}

      override fun close() {}
    }
    debugLog.addHandler(listener)
    try {
      asyncioRun(debug = true) {
        val loop = Asyncio.getRunningLoop()
        out.println("debug mode: ${loop.debug}")
        loop.slowCallbackDuration = 0.01
        loop.setBlockedLoopThreshold(100.milliseconds)
        createTask(name = "crunch") { crunch(20); sleep(0.0) }.await()
        createTask(name = "stuck") { reported.await(30, TimeUnit.SECONDS); sleep(0.0) }.await()
      }
    } finally {
      debugLog.removeHandler(listener)
    }
    out.println("done")
  }

  private fun crunch(millis: Long) {
    val end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis)
    while (System.nanoTime() < end) Thread.onSpinWait()
  }
}
