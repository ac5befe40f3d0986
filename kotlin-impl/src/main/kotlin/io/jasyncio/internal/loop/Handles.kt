package io.jasyncio.internal.loop

import io.jasyncio.Handle
import io.jasyncio.TimerHandle
import kotlinx.coroutines.DisposableHandle

/** A `callSoon` callback: runs [callback] unless cancelled first. */
internal open class HandleImpl(@JvmField val callback: Runnable) : Handle, Runnable {
  @Volatile
  private var cancelledFlag = false

  override fun cancel() {
    cancelledFlag = true
  }

  override fun cancelled(): Boolean = cancelledFlag

  override fun run() {
    if (!cancelledFlag) callback.run()
  }

  override fun toString(): String =
    "Handle[${if (cancelledFlag) "cancelled" else callback.toString()}]"
}

/**
 * A timer: an entry of the loop's heap, ordered by deadline then by scheduling order. Also a
 * kotlinx [DisposableHandle] (for `invokeOnTimeout`) and a cancellation handler (for `sleep`).
 */
internal class TimerHandleImpl(
  private val loop: EventLoopImpl,
  @JvmField val whenNanos: Long,
  callback: Runnable,
) : HandleImpl(callback), TimerHandle, Comparable<TimerHandleImpl>, DisposableHandle, (Throwable?) -> Unit {
  /** Tie-breaker: the order in which timers entered the heap. Set on the loop thread. */
  @JvmField
  var seq: Long = 0

  /** True while the timer sits in the heap. Loop thread only. */
  @JvmField
  var inHeap: Boolean = false

  override fun `when`(): Double =
    if (whenNanos == NEVER) Double.POSITIVE_INFINITY else whenNanos / 1e9

  override fun cancel() {
    if (cancelled()) return
    super.cancel()
    loop.timerCancelled(this)
  }

  override fun dispose(): Unit = cancel()

  override fun invoke(cause: Throwable?): Unit = cancel()

  override fun compareTo(other: TimerHandleImpl): Int {
    val c = whenNanos.compareTo(other.whenNanos)
    return if (c != 0) c else seq.compareTo(other.seq)
  }

  override fun toString(): String =
    "TimerHandle[when=${`when`()}${if (cancelled()) ", cancelled" else ", $callback"}]"

  companion object {
    /** The deadline of a timer that never fires (never put in the heap). */
    const val NEVER: Long = Long.MAX_VALUE
  }
}
