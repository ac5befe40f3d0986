package io.jasyncio.internal.debug

import java.lang.ref.WeakReference
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.locks.LockSupport

/**
 * The blocked-loop watchdog (Vert.x's blocked-thread checker is the model; asyncio only reports
 * slow callbacks after they returned): one daemon thread for every watched loop.
 *
 * It samples each loop's step counter ([LoopMonitor.steps], odd while a step runs). A loop whose
 * counter is odd and unchanged since a sample taken at least the threshold ago is blocked in one
 * step: the watchdog logs the loop thread's *current* stack (where it is stuck, while it is stuck),
 * then again each time the blocked time doubles, and once more when the step returned. The time
 * reported is measured from the first sample that saw the step, so it undercounts by at most one
 * sampling period (a quarter of the smallest threshold, at least 5 ms). Loops are held weakly: a
 * loop dropped without close() leaves the list by itself.
 */
internal object Watchdog {
  private val monitors = CopyOnWriteArrayList<WeakReference<LoopMonitor>>()

  @Volatile
  private var thread: Thread? = null

  fun register(m: LoopMonitor) {
    if (monitors.none { it.get() === m }) monitors.add(WeakReference(m))
    start()
    thread?.let { LockSupport.unpark(it) }
  }

  fun unregister(m: LoopMonitor) {
    monitors.removeIf { val x = it.get(); x == null || x === m }
  }

  @Synchronized
  private fun start() {
    if (thread != null) return
    val t = Thread(::run, "jasyncio-watchdog")
    t.isDaemon = true
    thread = t
    t.start()
  }

  private fun period(): Long {
    var min = Long.MAX_VALUE
    for (r in monitors) {
      val b = r.get()?.blockedNanos ?: continue
      if (b in 1 until min) min = b
    }
    return if (min == Long.MAX_VALUE) 1_000_000_000L else (min / 4).coerceIn(5_000_000L, 1_000_000_000L)
  }

  private fun run() {
    while (true) {
      LockSupport.parkNanos(period())
      val now = System.nanoTime()
      for (r in monitors) {
        val m = r.get()
        if (m == null) {
          monitors.remove(r)
          continue
        }
        try {
          sample(m, now)
        } catch (e: Throwable) {
          // a report that failed (logging) must not stop the watchdog
        }
      }
    }
  }

  private fun sample(m: LoopMonitor, now: Long) {
    val threshold = m.blockedNanos
    val s = m.steps.getOpaque()
    if (threshold <= 0 || s and 1L == 0L || s != m.wdLast) {
      if (m.wdReports > 0) {
        val d = now - m.wdSince
        DebugDefaults.LOG.log(
          System.Logger.Level.WARNING,
          "Event loop ${m.loop} unblocked: the step ran for about %.3f seconds".format(d / 1e9),
        )
      }
      m.wdLast = s
      m.wdSince = now
      m.wdNext = threshold
      m.wdReports = 0
      return
    }
    val blocked = now - m.wdSince
    if (blocked < m.wdNext) return
    val t = m.loop.thread ?: return
    val stack = t.stackTrace
    val what = m.describe(m.current.getOpaque())
    val sb = StringBuilder()
    for (e in stack) sb.append("\n\tat ").append(e)
    DebugDefaults.LOG.log(
      System.Logger.Level.WARNING,
      "Event loop ${m.loop} blocked for %.3f seconds (threshold %.3f) by $what; thread '${t.name}' is at:%s"
        .format(blocked / 1e9, threshold / 1e9, sb),
    )
    Jfr.blockedLoop(m.loop.toString(), what, blocked, sb.toString())
    m.wdReports++
    m.wdNext = if (m.wdNext > Long.MAX_VALUE / 2) Long.MAX_VALUE else m.wdNext * 2
  }
}
