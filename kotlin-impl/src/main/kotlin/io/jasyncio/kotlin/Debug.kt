package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.Clock
import io.jasyncio.EventLoop
import io.jasyncio.Runner
import kotlinx.coroutines.CoroutineScope
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * [asyncioRun] with debug mode on or off for the loop (asyncio's `run(main, debug=True)`).
 *
 * Debug mode logs callbacks and task steps slower than `loop.slowCallbackDuration` (0.1 s) with
 * where they were created, records creation stacks for the "never retrieved" and callback-failure
 * reports, watches for a blocked loop, and reports a loop collected without `close()`; see
 * [EventLoop.setDebug]. The same loop properties are Kotlin properties on [EventLoop]:
 * `loop.debug`, `loop.slowCallbackDuration`, `loop.blockedLoopThreshold`.
 *
 * @param debug whether the loop runs in debug mode
 * @param clock the loop's clock
 * @return the result of [block]
 */
@JvmSynthetic
public fun <T> asyncioRun(debug: Boolean, clock: Clock = Clock.monotonic(), block: suspend CoroutineScope.() -> T): T =
  Runner { Asyncio.newEventLoop(clock).also { it.debug = debug } }.use { it.runSuspending(block) }

/**
 * Turns the blocked-loop watchdog on for this loop with a Kotlin [Duration] threshold, or off with
 * `null`; see [EventLoop.setBlockedLoopThreshold].
 */
public fun EventLoop.setBlockedLoopThreshold(threshold: Duration?) {
  setBlockedLoopThreshold(threshold?.toJavaDuration())
}
