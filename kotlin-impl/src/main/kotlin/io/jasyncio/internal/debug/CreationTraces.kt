package io.jasyncio.internal.debug

import java.util.Collections
import java.util.WeakHashMap

/**
 * Where futures, tasks and callbacks were created, recorded in debug mode only (asyncio's
 * `_source_traceback`). A weak map, so recording never keeps an object alive and objects made
 * outside debug mode carry no field for it. The engine's own frames are dropped: the trace starts
 * at the caller's code.
 */
internal object CreationTraces {
  /** The engine's classes: its concept packages and its entry point (not code that merely shares the prefix). */
  private val ENGINE = Regex("io\\.jasyncio\\.internal\\.([a-z]+\\.|EngineImpl).*")

  /**
   * What [record] keeps: a [Throwable] whose stack the VM filled in natively; its
   * `StackTraceElement`s are made only when a report reads them ([of]), not for the millions of
   * futures that are never reported (materialising every frame at each creation made debug mode
   * about 125 times slower on W1).
   */
  private class Site : Throwable(null, null, false, true)

  private val traces: MutableMap<Any, Site> = Collections.synchronizedMap(WeakHashMap())

  fun record(o: Any) {
    traces[o] = Site()
  }

  fun of(o: Any?): List<StackTraceElement> = o?.let { traces[it] }?.let { trimmed(it.stackTrace).asList() } ?: emptyList()

  /** The current stack without the engine's and the JDK's reflective frames. */
  fun capture(): Array<StackTraceElement> = trimmed(Throwable().stackTrace)

  private fun trimmed(all: Array<StackTraceElement>): Array<StackTraceElement> {
    var i = 0
    while (i < all.size && isEngine(all[i])) i++
    return all.copyOfRange(i, all.size)
  }

  private fun isEngine(e: StackTraceElement): Boolean {
    val c = e.className
    return ENGINE.matches(c) || c.startsWith("io.jasyncio.Asyncio") ||
      c.startsWith("kotlinx.coroutines.") || c.startsWith("java.util.concurrent.CompletableFuture")
  }

  /** `\n  created at\n\tat …` lines for a report, or "" without a trace. */
  fun format(trace: List<StackTraceElement>, max: Int = 12): String {
    if (trace.isEmpty()) return ""
    val sb = StringBuilder("\ncreated at")
    for (e in trace.take(max)) sb.append("\n\tat ").append(e)
    if (trace.size > max) sb.append("\n\t... ").append(trace.size - max).append(" more")
    return sb.toString()
  }
}
