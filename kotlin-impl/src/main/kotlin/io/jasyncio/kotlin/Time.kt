package io.jasyncio.kotlin

import io.jasyncio.EventLoop
import io.jasyncio.internal.EngineImpl
import io.jasyncio.internal.future.sleepOnLoop
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.spi.Checks
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.coroutineContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.yield

/**
 * Suspends for [seconds] (the Kotlin face of `asyncio.sleep`; Java: `Asyncio.sleep`).
 *
 * On a jasyncio loop it uses the loop's own timer heap and clock (a virtual clock makes it
 * instant); `sleep(0.0)` yields exactly one loop iteration. Negative (`-Infinity` too) counts as
 * zero. `+Infinity`, and a delay past the clock's range (about 146 years), sleep until cancelled
 * (as `asyncio.sleep(math.inf)`): a virtual clock never jumps to such a sleep. Cancellable: a
 * cancelled sleep removes its timer. Elsewhere (another dispatcher) it falls back to `delay`.
 *
 * @throws IllegalArgumentException if [seconds] is NaN
 */
@JvmSynthetic
public suspend fun sleep(seconds: Double): Unit = sleepNanos(Checks.delayNanos(seconds, "seconds"))

/**
 * As `sleep(seconds)`, with a [Duration]; negative counts as zero; [Duration.INFINITE] and a
 * duration past the clock's range sleep until cancelled.
 */
@JvmSynthetic
public suspend fun sleep(duration: Duration) {
  sleepNanos(
    when {
      duration.isNegative() -> 0
      duration.isInfinite() -> Checks.MAX_NANOS
      else -> minOf(duration.inWholeNanoseconds, Checks.MAX_NANOS)
    }
  )
}

/**
 * As `sleep(seconds)`, with a [java.time.Duration]; negative counts as zero; a duration past the
 * clock's range sleeps until cancelled.
 */
@JvmSynthetic
public suspend fun sleep(duration: java.time.Duration): Unit = sleepNanos(Checks.delayNanos(duration, "duration"))

/**
 * As `sleep(seconds)`, then returns [result] (asyncio's `sleep(delay, result)`; Java:
 * `Asyncio.sleep(seconds, result)`). Cancellation as `sleep`: a cancelled sleep returns nothing.
 */
@JvmSynthetic
public suspend fun <T> sleep(seconds: Double, result: T): T {
  sleep(seconds)
  return result
}

/** As `sleep(duration)`, then returns [result]. */
@JvmSynthetic
public suspend fun <T> sleep(duration: Duration, result: T): T {
  sleep(duration)
  return result
}

/** As `sleep(duration)` with a [java.time.Duration], then returns [result]. */
@JvmSynthetic
public suspend fun <T> sleep(duration: java.time.Duration, result: T): T {
  sleep(duration)
  return result
}

// every branch is a tail call: no continuation frame of our own per sleep
private suspend fun sleepNanos(nanos: Long) {
  if (nanos == 0L) return yield()
  val loop = coroutineContext[ContinuationInterceptor] as? EventLoopImpl
  if (loop != null) return sleepOnLoop(loop, nanos)
  if (nanos >= Checks.MAX_NANOS) return awaitCancellation()
  return delay(nanos.nanoseconds)
}

/**
 * This loop as a kotlinx [CoroutineDispatcher] (it is one): `withContext(loop.dispatcher) { }`
 * runs a block on the loop thread, and `delay` there uses the loop's timers.
 */
public val EventLoop.dispatcher: CoroutineDispatcher get() = EngineImpl.impl(this)

/** The loop's clock in seconds as a [Duration] since its origin. */
public val EventLoop.now: Duration
  @JvmSynthetic get() = EngineImpl.impl(this).nanos().nanoseconds

/**
 * Runs blocking [block] on the running loop's default executor and suspends until it returns (the
 * Kotlin face of `asyncio.to_thread`). Cancelling the caller before a worker started [block]
 * means [block] never runs; a block already running is not interrupted, and its outcome is
 * dropped without a report to the exception handler (see `EventLoop.runInExecutor`).
 */
@JvmSynthetic
public suspend fun <T> toThread(block: () -> T): T =
  currentLoop().runInExecutor(null) { block() }.await()

/**
 * As [toThread]; with [interruptible] true, cancelling the caller while [block] runs interrupts
 * the worker thread running it, once and only while it runs [block] (kotlinx's
 * `runInterruptible`; see `EventLoop.runInExecutorInterruptible`). The caller ends cancelled either way.
 */
@JvmSynthetic
public suspend fun <T> toThread(interruptible: Boolean, block: () -> T): T {
  val loop = currentLoop()
  return (if (interruptible) loop.runInExecutorInterruptible(null) { block() } else loop.runInExecutor(null) { block() }).await()
}
