package io.jasyncio.internal.net

import io.jasyncio.ExceptionContext
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.WriteBufferLimits

/**
 * asyncio's write-buffer flow control, one copy for every transport: the protocol is paused when
 * the buffered size goes above [high] and resumed when it falls to [low] (64 KiB and 16 KiB by
 * default). A protocol callback that throws is reported to the loop's exception handler. Loop thread.
 */
internal class WriteMarks {
  @JvmField var high = 64 * 1024
  @JvmField var low = 16 * 1024
  @JvmField var paused = false

  /** asyncio's `set_write_buffer_limits`: a missing mark derives from the other. */
  fun set(high: Int?, low: Int?) {
    val h = high ?: if (low == null) 64 * 1024 else 4 * low
    val l = low ?: (h / 4)
    if (!(h >= l && l >= 0)) throw IllegalArgumentException("high ($h) must be >= low ($l) must be >= 0")
    this.high = h
    this.low = l
  }

  fun limits(): WriteBufferLimits = WriteBufferLimits(low, high)

  inline fun maybePause(size: Int, loop: EventLoopImpl, pauseWriting: () -> Unit) {
    if (size <= high || paused) return
    paused = true
    try {
      pauseWriting()
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("protocol.pauseWriting() failed", e, null, null))
    }
  }

  inline fun maybeResume(size: Int, loop: EventLoopImpl, resumeWriting: () -> Unit) {
    if (!paused || size > low) return
    paused = false
    try {
      resumeWriting()
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("protocol.resumeWriting() failed", e, null, null))
    }
  }
}
