package io.jasyncio.internal.compose

import io.jasyncio.TimeoutError
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.TimerHandleImpl
import java.util.concurrent.CancellationException

/**
 * asyncio's `wait_for` as a future: [inner]'s outcome, or, once the timeout expired, [inner]
 * cancelled and waited for until it finished, then [TimeoutError] caused by its CancelledError
 * (or its outcome, if it suppressed the cancellation: CPython 3.12+).
 */
internal class WaitForFuture<T>(
  loop: EventLoopImpl,
  private val inner: FutureImpl<T>,
  private val timeoutNanos: Long,
) : FutureImpl<T>(loop), FutureListener {
  private var timer: TimerHandleImpl? = null
  private var expired = false

  /** Loop owner only. */
  fun start() {
    if (inner.isDone) {
      onFutureDone(inner)
      return
    }
    inner.addListener(this)
    when {
      timeoutNanos == 0L -> expire()
      timeoutNanos > 0L -> timer = loop.timerAfter(timeoutNanos) { expire() }
    }
  }

  private fun expire() {
    if (isDone || inner.isDone) return
    expired = true
    inner.cancel() // we keep waiting until it has finished cancelling
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    timer?.cancel()
    timer = null
    val e = inner.failure
    inner.markRetrieved()
    if (isDone) return
    when {
      // a grant delivered to the inner wait is delivered on to whoever awaits this, in the same
      // step, so no cancel can fall between (CPython 3.12 awaits the inner in the caller's task)
      e == null -> if (inner.notifyInline) completeDelivering(inner.result(), null) else completeInternal(inner.result(), null)
      expired && e is CancellationException -> {
        val seconds = timeoutNanos / 1e9
        completeInternal(null, TimeoutError("waitFor timed out after $seconds s").also { it.initCause(e) })
      }
      else -> completeInternal(null, e)
    }
  }

  /** Cancels [inner] too, with the same message, as awaiting it would. */
  override fun cancel(msg: String?): Boolean {
    val r = super.cancel(msg)
    if (r) {
      loop.runOrPost {
        timer?.cancel()
        timer = null
        inner.cancel(msg)
      }
    }
    return r
  }

  override fun kind(): String = "WaitFor"
}
