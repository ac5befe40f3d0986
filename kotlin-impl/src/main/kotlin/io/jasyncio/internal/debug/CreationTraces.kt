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

  private val traces: MutableMap<Any, Array<StackTraceElement>> = Collections.synchronizedMap(WeakHashMap())

  fun record(o: Any) {
    traces[o] = capture()
  }

  fun of(o: Any?): List<StackTraceElement> = o?.let { traces[it] }?.asList() ?: emptyList()

  /** The current stack without the engine's and the JDK's reflective frames. */
  fun capture(): Array<StackTraceElement> {
    val all = Throwable().stackTrace
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
