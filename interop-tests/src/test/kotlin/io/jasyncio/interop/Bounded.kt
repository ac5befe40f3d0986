package io.jasyncio.interop

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.testing.VirtualClock
import kotlinx.coroutines.CoroutineScope
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

internal const val LIMIT_SECONDS = 20L

/** Runs blocking [block] on a fresh thread; a hang fails with the stuck stack instead. */
internal fun <T> bounded(block: () -> T): T {
  val done = CountDownLatch(1)
  var outcome: Result<T>? = null
  val t = Thread({
    outcome = runCatching(block)
    done.countDown()
  }, "bounded-test")
  t.isDaemon = true
  t.start()
  if (!done.await(LIMIT_SECONDS, TimeUnit.SECONDS)) {
    val stack = t.stackTrace.joinToString("\n") { "  at $it" }
    t.interrupt()
    throw AssertionError("still running after $LIMIT_SECONDS s:\n$stack")
  }
  return outcome!!.getOrThrow()
}

/** `asyncioRun` on a fresh [VirtualClock], bounded. */
internal fun <T> runVirtual(block: suspend CoroutineScope.() -> T): T =
  bounded { asyncioRun(VirtualClock(), block) }
