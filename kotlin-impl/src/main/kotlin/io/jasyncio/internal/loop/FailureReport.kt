package io.jasyncio.internal.loop

import java.lang.ref.Cleaner
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A failure that nobody has retrieved yet. It holds no reference to its future, so the future can
 * be collected; the [Cleaner] then runs it, and it is reported once, unless the future was
 * retrieved first or the loop closed and reported it already.
 */
internal class FailureReport(
  private val loop: EventLoopImpl,
  @JvmField val exception: Throwable,
  @JvmField val message: String,
  /** Where the future was created (debug mode), else empty. */
  @JvmField val trace: List<StackTraceElement> = emptyList(),
) : Runnable {
  private val settled = AtomicBoolean()

  @Volatile
  @JvmField
  var cleanable: Cleaner.Cleanable? = null

  /** Takes the right to report. */
  fun claim(): Boolean = settled.compareAndSet(false, true)

  /** The failure was retrieved: never report it. */
  fun retire() {
    if (claim()) {
      loop.unretrieved.remove(this)
      cleanable?.clean()
    }
  }

  /** Run by the Cleaner when the future was collected. */
  override fun run() {
    if (claim()) loop.reportUnretrieved(this)
  }
}
