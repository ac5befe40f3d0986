package io.jasyncio.internal.compose

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * asyncio's `shield`: completes as [inner] does; cancelling it leaves [inner] running. If [inner]
 * is cancelled, this is cancelled too (with inner's CancelledError).
 */
internal class ShieldFuture<T>(loop: EventLoopImpl, private val inner: FutureImpl<T>) :
  FutureImpl<T>(loop), FutureListener {
  override fun onFutureDone(f: FutureImpl<*>) {
    val e = inner.failure
    inner.markRetrieved() // asyncio: a shielded failure nobody waits for any more is not reported
    if (isDone) return
    if (e == null) completeInternal(inner.result(), null) else completeInternal(null, e)
  }

  override fun cancel(msg: String?): Boolean {
    val r = super.cancel(msg)
    if (r) loop.runOrPost { inner.removeListener(this) }
    return r
  }

  override fun kind(): String = "Shield"
}

/** [inner] itself when done, else a [ShieldFuture] over it. */
internal fun <T> EventLoopImpl.shieldOf(inner: FutureImpl<T>): FutureImpl<T> {
  if (inner.isDone) return inner
  val outer = ShieldFuture(this, inner)
  runOrPost { inner.addListener(outer) }
  return outer
}

/**
 * The Kotlin face's shield: waits for [inner] without a future of its own; cancelling the caller
 * only withdraws its listener.
 */
internal suspend fun <T> awaitShielded(inner: FutureImpl<T>): T {
  if (inner.isDone) return inner.outcomeForKotlin()
  return suspendCancellableCoroutine { cont ->
    val listener = FutureListener {
      val e = inner.failure
      inner.markRetrieved()
      if (e == null) cont.resume(inner.result()) else cont.resumeWithException(e)
    }
    val loop = inner.loop
    loop.runOrPost { inner.addListener(listener) }
    cont.invokeOnCancellation { loop.runOrPost { inner.removeListener(listener) } }
  }
}
