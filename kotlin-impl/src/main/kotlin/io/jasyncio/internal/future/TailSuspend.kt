@file:Suppress("INVISIBLE_MEMBER", "INVISIBLE_REFERENCE")

package io.jasyncio.internal.future

import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.sync.SyncCore
import io.jasyncio.internal.sync.Undelivered
import io.jasyncio.internal.sync.WaitQueue
import kotlin.coroutines.intrinsics.intercepted
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellableContinuationImpl

/*
 * Why this file exists: with the Kotlin 2 compiler, a Unit function whose body ends in the inline
 * `suspendCancellableCoroutine` gets a state machine of its own, so every wait allocates a
 * continuation frame plus a fresh DispatchedContinuation (which folds the whole context to count
 * its thread-context elements) and resumes through one more frame. The raw intrinsic
 * `suspendCoroutineUninterceptedOrReturn` is a true tail call: the CancellableContinuation wraps
 * the caller's own continuation, whose intercepted form is cached. The body below is exactly
 * kotlinx's `suspendCancellableCoroutine` (kotlinx.coroutines 1.11.0: MODE_CANCELLABLE = 1), which
 * needs its @PublishedApi-internal CancellableContinuationImpl; the functions that use it are
 * written out (not inline) so that each is one tail-called suspension.
 */

/** kotlinx's MODE_CANCELLABLE (the mode `suspendCancellableCoroutine` uses). */
private const val MODE_CANCELLABLE = 1

/** Parks the caller in [queue] of [core] (whose lock the caller holds) as a Unit waiter. */
internal suspend fun <T> parkUnit(core: SyncCore, queue: WaitQueue<T>, undelivered: Undelivered<T>?): Unit =
  suspendCoroutineUninterceptedOrReturn { uCont ->
    val c = CancellableContinuationImpl(uCont.intercepted(), MODE_CANCELLABLE)
    c.initCancellability()
    core.linkKotlinUnit(c, queue, undelivered)
    c.getResult()
  }

/** Suspends on [loop]'s timer heap for [nanos] (> 0); a cancelled sleep removes its timer. */
internal suspend fun sleepOnLoop(loop: EventLoopImpl, nanos: Long): Unit =
  suspendCoroutineUninterceptedOrReturn { uCont ->
    val c = CancellableContinuationImpl(uCont.intercepted(), MODE_CANCELLABLE)
    c.initCancellability()
    sleepLink(loop, nanos, c)
    c.getResult()
  }

private fun sleepLink(loop: EventLoopImpl, nanos: Long, c: CancellableContinuation<Unit>) {
  c.invokeOnCancellation(loop.sleepTimer(nanos, c))
}
