package io.jasyncio.kotlin

import io.jasyncio.Timeout
import io.jasyncio.TimeoutError
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.task.TimeoutImpl
import io.jasyncio.spi.Checks
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.coroutineContext
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job

/**
 * The receiver of a `timeout { }` block: a [CoroutineScope] (children launched with `launch`
 * belong to the block) and the [Timeout] itself, to [reschedule][Timeout.reschedule] it, ask
 * whether it [expired][Timeout.expired], or read its deadline ([deadline], Java's `when()`).
 */
public interface TimeoutScope : CoroutineScope, Timeout

/** The deadline in the loop's time, or `null` for never (Java's `when()`, a Kotlin keyword). */
public val Timeout.deadline: Double?
  @JvmSynthetic get() = `when`()

/**
 * Runs [block] with a deadline [seconds] from now (the Kotlin face of `async with
 * asyncio.timeout(delay)`; Java: `Asyncio.timeout`). If the deadline passes while [block] runs,
 * [block] is cancelled (its `finally` blocks run) and, once it has finished, this throws
 * [TimeoutError] with the [io.jasyncio.CancelledError] that stopped it as cause.
 *
 * Differences from kotlinx's `withTimeout`: [TimeoutError] is *not* a `CancellationException`
 * (`withTimeout` throws `TimeoutCancellationException`, which is one, so an uncaught timeout
 * silently ends the enclosing coroutine as a cancellation); the deadline can be moved with
 * [reschedule][Timeout.reschedule]; and it uses the loop's clock.
 *
 * Nesting and outside cancellation behave as CPython's: only the scope that expired raises
 * [TimeoutError]; an inner scope cancelled because an outer one expired lets the cancellation
 * through; a cancellation of the enclosing coroutine stays a cancellation even in the iteration
 * where the deadline passed. A body that catches the cancellation and throws something else
 * makes the scope throw that, with the [TimeoutError] added as suppressed.
 *
 * Zero or negative: expires at the next loop iteration; `Double.POSITIVE_INFINITY`: never. For no
 * deadline at all (asyncio `timeout(None)`, reschedulable), `timeout(null) { }`.
 *
 * @throws IllegalArgumentException if [seconds] is NaN
 * @throws IllegalStateException if the caller does not run on a jasyncio loop
 */
@JvmSynthetic
public suspend fun <T> timeout(seconds: Double, block: suspend TimeoutScope.() -> T): T {
  if (seconds.isNaN()) throw IllegalArgumentException("seconds must be a number of seconds, got NaN")
  val loop = loopOfCaller()
  return TimeoutImpl(loop, loop.time() + seconds).runSuspending(block)
}

/**
 * As `timeout(seconds)` with a [Duration]; negative counts as zero. `null` is no deadline (asyncio
 * `timeout(None)`): the block runs unguarded until it (or another coroutine or callback of the
 * loop) sets one with [reschedule][Timeout.reschedule] on the scope; `timeout(null) { }` resolves
 * to this overload. [Duration.INFINITE] never expires either (as in kotlinx); its deadline is
 * `null` too.
 */
@JvmSynthetic
public suspend fun <T> timeout(delay: Duration?, block: suspend TimeoutScope.() -> T): T {
  val loop = loopOfCaller()
  val w = when {
    delay == null || delay == Duration.INFINITE -> null
    delay.isNegative() -> loop.time()
    else -> loop.time() + minOf(delay.inWholeNanoseconds, Checks.MAX_NANOS) / 1e9
  }
  return TimeoutImpl(loop, w).runSuspending(block)
}

/** As `timeout(seconds)` with a [java.time.Duration]; negative counts as zero. */
@JvmSynthetic
public suspend fun <T> timeout(delay: java.time.Duration, block: suspend TimeoutScope.() -> T): T {
  val nanos = Checks.delayNanos(delay, "delay")
  val loop = loopOfCaller()
  return TimeoutImpl(loop, loop.time() + nanos / 1e9).runSuspending(block)
}

/**
 * As [timeout] with a deadline [whenSeconds] in the loop's time (`asyncio.timeout_at`); `null`
 * never expires.
 *
 * @throws IllegalArgumentException if [whenSeconds] is NaN
 */
@JvmSynthetic
public suspend fun <T> timeoutAt(whenSeconds: Double?, block: suspend TimeoutScope.() -> T): T {
  if (whenSeconds != null && whenSeconds.isNaN()) throw IllegalArgumentException("when must be a time in seconds, got NaN")
  return TimeoutImpl(loopOfCaller(), whenSeconds).runSuspending(block)
}

/**
 * Enters a [Timeout] made by Java code (`Asyncio.timeout(d)`) around [block], as `timeout { }`
 * does. A timeout is entered once.
 *
 * @throws IllegalStateException if it was entered before or belongs to another loop
 */
@JvmSynthetic
public suspend fun <T> Timeout.enterSuspending(block: suspend TimeoutScope.() -> T): T {
  val t = (this as? TimeoutScopeImpl)?.impl ?: this as? TimeoutImpl
    ?: throw IllegalArgumentException("not a jasyncio Timeout: $this")
  if (loopOfCaller() !== t.loop) throw IllegalStateException("$this belongs to another loop (${t.loop})")
  return t.runSuspending(block)
}

/** The loop the caller runs on: its dispatcher must be a jasyncio loop (the timer and the body share its thread). */
@JvmSynthetic
internal suspend fun loopOfCaller(): EventLoopImpl =
  coroutineContext[ContinuationInterceptor] as? EventLoopImpl
    ?: throw IllegalStateException("no running event loop: this must run in a coroutine on a jasyncio loop")

private class TimeoutScopeImpl(scope: CoroutineScope, @JvmField val impl: TimeoutImpl) :
  TimeoutScope, CoroutineScope by scope, Timeout by impl {
  override fun toString(): String = impl.toString()
}

private suspend fun <T> TimeoutImpl.runSuspending(block: suspend TimeoutScope.() -> T): T {
  checkEnter()
  val t = this
  val result: T
  try {
    result = coroutineScope {
      val scopeJob = coroutineContext.job
      enterWith { scopeJob.cancel(TimeoutImpl.expiryCancel()) }
      TimeoutScopeImpl(this, t).block()
    }
  } catch (e: Throwable) {
    val expired = exit()
    if (e is kotlin.coroutines.cancellation.CancellationException) {
      coroutineContext.ensureActive() // cancelled from outside: stays a cancellation
      if (expired) throw TimeoutImpl.timeoutError(t, e)
      throw e
    }
    if (expired && coroutineContext.job.isActive) e.addSuppressed(TimeoutImpl.timeoutError(t, TimeoutImpl.expiryCancel()))
    throw e
  }
  exit()
  return result
}
