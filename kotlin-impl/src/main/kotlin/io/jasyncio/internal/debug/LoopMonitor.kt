package io.jasyncio.internal.debug

import io.jasyncio.internal.loop.EventLoopImpl
import java.util.concurrent.atomic.AtomicLong

/**
 * A monitored loop's diagnostics: present only once debug mode or the blocked-loop watchdog was
 * turned on for the loop, so an unmonitored loop runs its callbacks with no extra work at all.
 *
 * The loop thread runs every callback through [runStep]:
 * - [steps] goes odd when a step starts and even when it ends, with *opaque* stores (a plain `mov`
 *   on x86: no fence), so the watchdog thread can tell "the same step is still running" from two
 *   samples without any clock read on the loop thread;
 * - in debug mode only, the step is timed (two `System.nanoTime` reads) for the slow-callback
 *   report and [longestNanos].
 * Fields other than the volatile settings are written by the loop thread only.
 */
internal class LoopMonitor(@JvmField val loop: EventLoopImpl) {
  @Volatile
  @JvmField
  var debug: Boolean = false

  @Volatile
  @JvmField
  var slowNanos: Long = 100_000_000L

  /** Watchdog threshold in nanoseconds; 0 while the watchdog is off for this loop. */
  @Volatile
  @JvmField
  var blockedNanos: Long = 0L

  /** The watchdog threshold was set explicitly (debug mode does not override it). */
  @Volatile
  @JvmField
  var blockedExplicit: Boolean = false

  @JvmField
  val steps: AtomicLong = AtomicLong()

  /** The step running now, for the watchdog's report (opaque, racy by design). */
  @JvmField
  val current: java.util.concurrent.atomic.AtomicReference<Any?> = java.util.concurrent.atomic.AtomicReference()

  @Volatile
  @JvmField
  var longestNanos: Long = 0L

  @Volatile
  @JvmField
  var lagNanos: Long = 0L

  // ---- watchdog's own state (watchdog thread only) ----
  @JvmField internal var wdLast: Long = -1
  @JvmField internal var wdSince: Long = 0
  @JvmField internal var wdNext: Long = 0
  @JvmField internal var wdReports: Int = 0

  /** Runs one callback or task step of the loop. Loop thread. */
  fun runStep(r: Runnable) {
    val s = steps.plain + 1
    steps.setOpaque(s)
    current.setOpaque(r)
    loop.lastStepTask = null
    if (!debug) {
      try {
        r.run()
      } finally {
        steps.setOpaque(s + 1)
        loop.lastStepTask = null
        current.setOpaque(null)
      }
      return
    }
    val t0 = System.nanoTime()
    try {
      r.run()
    } finally {
      val d = System.nanoTime() - t0
      steps.setOpaque(s + 1)
      if (d > longestNanos) longestNanos = d
      if (d >= slowNanos) reportSlow(r, d)
      loop.lastStepTask = null
      current.setOpaque(null)
    }
  }

  /** The step's description: the task it ran, else the callback. */
  fun describe(r: Any?): String {
    val t = loop.lastStepTask
    return if (t != null && r !is io.jasyncio.Handle) "step of $t" else r.toString()
  }

  private fun reportSlow(r: Runnable, nanos: Long) {
    val what = describe(r)
    val trace = CreationTraces.of(loop.lastStepTask ?: r)
    val msg = "Executing $what took %.3f seconds".format(nanos / 1e9) + CreationTraces.format(trace)
    DebugDefaults.LOG.log(System.Logger.Level.WARNING, msg)
    Jfr.slowCallback(loop.toString(), what, nanos)
  }

  /** Due timers ran [lag] late in this iteration. Loop thread. */
  fun lag(lag: Long) {
    lagNanos = lag
    if (lag > 0) Jfr.lag(loop.toString(), lag)
  }

  // ---- unclosed-loop report (debug mode) ------------------------------------------------------

  private var leak: ResourceLeaks.Watch? = null

  /** In debug mode: report this loop if it is collected without close(). Any thread. */
  @Synchronized
  fun watchForLeak() {
    if (leak != null) return
    leak = ResourceLeaks.watch(loop, "event loop", loop.toString())
  }

  /** The loop was closed: nothing to report. */
  @Synchronized
  fun closed() {
    leak?.closed()
    Watchdog.unregister(this)
  }
}
