package io.jasyncio.kotlin

import io.jasyncio.testing.VirtualClock
import kotlinx.coroutines.CoroutineScope
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

internal const val LIMIT_SECONDS = 20L

/**
 * Runs blocking [block] on a fresh thread and returns its outcome as it is (same exception
 * instance). A hang fails with the stuck thread's stack instead of blocking the build.
 */
internal fun <T> bounded(seconds: Long = LIMIT_SECONDS, block: () -> T): T {
  val done = CountDownLatch(1)
  var outcome: Result<T>? = null
  val t = Thread({
    outcome = runCatching(block)
    done.countDown()
  }, "bounded-test")
  t.isDaemon = true
  t.start()
  if (!done.await(seconds, TimeUnit.SECONDS)) {
    val stack = t.stackTrace.joinToString("\n") { "  at $it" }
    t.interrupt()
    throw AssertionError("still running after $seconds s:\n$stack")
  }
  return outcome!!.getOrThrow()
}

/** `asyncioRun` on a fresh [VirtualClock], bounded. */
internal fun <T> runVirtual(block: suspend CoroutineScope.() -> T): T =
  bounded { asyncioRun(VirtualClock(), block) }

/** kotlinx.coroutines-style step ordering: `expect(1)`, `expect(2)`, ..., `finish(n)`. */
internal class Steps {
  @Volatile
  private var step = 0

  @Volatile
  private var finished = false

  fun expect(n: Int) {
    val now = ++step
    if (now != n) throw AssertionError("expected step $n, but this is step $now")
  }

  fun finish(n: Int) {
    expect(n)
    finished = true
  }

  fun assertFinished(n: Int) {
    if (!finished || step != n) throw AssertionError("expected finish($n), reached step $step")
  }
}
