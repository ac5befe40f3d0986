package io.jasyncio.internal.task

import io.jasyncio.CallGraph
import io.jasyncio.Future
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.coroutines.jvm.internal.CoroutineStackFrame

/** Call graphs and the `asyncio ps` table (issue 3). Loop thread. */
internal object CallGraphs {
  fun capture(future: Future<*>): CallGraph {
    val f = future as? FutureImpl<*> ?: throw IllegalArgumentException("not a jasyncio future: $future")
    if (!f.loop.inLoop()) {
      throw IllegalStateException("captureCallGraph must be called on the thread of the future's loop (${f.loop})")
    }
    return graph(f, HashSet())
  }

  private fun graph(f: FutureImpl<*>, seen: MutableSet<FutureImpl<*>>): CallGraph {
    seen.add(f)
    val by = f.awaitingTasks().filter { it !in seen }.map { graph(it, seen) }
    return CallGraph(f, awaiting(f), stack(f), by)
  }

  /** What [f] (a task) waits for now, or null. */
  fun awaiting(f: FutureImpl<*>): FutureImpl<*>? = when (f) {
    is StageTask<*> -> (f.awaitedStage as? FutureImpl<*>)?.takeIf { !f.isDone && !it.isDone }
    is TaskImpl<*> -> f.awaitingFuture?.takeIf { !f.isDone && !it.isDone }
    else -> null
  }

  /** The coroutine frames of a Kotlin task suspended in await(), innermost first. */
  fun stack(f: FutureImpl<*>): List<StackTraceElement> {
    if (f !is TaskImpl<*> || awaiting(f) == null || f.awaitingFuture == null) return emptyList()
    val out = ArrayList<StackTraceElement>()
    var frame = f.awaitingCont as? CoroutineStackFrame
    var guard = 0
    while (frame != null && guard++ < 256) {
      frame.getStackTraceElement()?.let { out.add(it) }
      frame = frame.callerFrame
    }
    return out
  }

  fun label(f: Future<*>?): String = when (f) {
    null -> "-"
    is TaskImpl<*> -> "Task '${f.name}' (id ${f.id})"
    else -> f.toString()
  }

  fun format(g: CallGraph): String {
    val sb = StringBuilder()
    format(g, sb, "")
    return sb.toString().trimEnd('\n')
  }

  private fun format(g: CallGraph, sb: StringBuilder, indent: String) {
    sb.append(indent).append("* ").append(label(g.future()))
    g.awaiting()?.let { sb.append(" awaiting ").append(label(it)) }
    sb.append('\n')
    if (g.callStack().isNotEmpty()) {
      sb.append(indent).append("  + call stack:\n")
      for (e in g.callStack()) sb.append(indent).append("  |   at ").append(e).append('\n')
    }
    if (g.awaitedBy().isNotEmpty()) {
      sb.append(indent).append("  + awaited by:\n")
      for (b in g.awaitedBy()) format(b, sb, "$indent    ")
    }
  }

  fun dump(loop: EventLoopImpl): String {
    if (!loop.owned()) {
      val r = CompletableFuture<String>()
      try {
        loop.post { r.complete(table(loop)) }
        return r.get(10, TimeUnit.SECONDS)
      } catch (e: Exception) {
        throw IllegalStateException("could not dump the tasks of a loop running on another thread", e)
      }
    }
    return table(loop)
  }

  private fun table(loop: EventLoopImpl): String {
    val rows = ArrayList<List<String>>()
    rows.add(listOf("task id", "task name", "awaiting", "coroutine stack", "awaited by"))
    for (t in loop.allTasks().map { it as TaskImpl<*> }.sortedBy { it.id }) {
      val stack = stack(t).take(3).joinToString(" <- ") { "${it.methodName}(${it.fileName}:${it.lineNumber})" }
      val by = t.awaitingTasks().joinToString(", ") { "${it.id} '${it.name}'" }
      rows.add(listOf(t.id.toString(), t.name, label(awaiting(t)), stack.ifEmpty { "-" }, by.ifEmpty { "-" }))
    }
    val widths = IntArray(5) { c -> rows.maxOf { it[c].length } }
    val sb = StringBuilder()
    for ((i, r) in rows.withIndex()) {
      for (c in 0 until 5) {
        sb.append(if (c == 4) r[c] else r[c].padEnd(widths[c] + 2))
      }
      sb.append('\n')
      if (i == 0) sb.append("-".repeat(widths.sum() + 8)).append('\n')
    }
    return sb.toString().trimEnd('\n')
  }
}
