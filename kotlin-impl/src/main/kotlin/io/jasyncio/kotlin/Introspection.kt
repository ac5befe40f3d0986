package io.jasyncio.kotlin

import io.jasyncio.CallGraph
import io.jasyncio.Future
import io.jasyncio.Task
import io.jasyncio.internal.task.CallGraphs
import io.jasyncio.internal.task.taskOf
import kotlin.coroutines.coroutineContext
import kotlinx.coroutines.CoroutineScope

/**
 * Creates a task on the running loop, starting it eagerly if [eagerStart] (CPython 3.12
 * `create_task(..., eager_start=True)`; kotlinx's `CoroutineStart.UNDISPATCHED` is the analog):
 * [block] runs now, in the caller's thread, with the new task as current task, up to its first
 * suspension; a block that finishes without suspending leaves the task done when this returns,
 * never scheduled. `eagerStart = false` starts it normally whatever the loop's setting
 * (`Asyncio.setEagerTaskStart`). Java: `Asyncio.createTask(coro, name, eagerStart)`.
 *
 * @throws IllegalStateException if no jasyncio loop runs the caller
 */
@JvmSynthetic
public suspend fun <T> createTask(name: String? = null, eagerStart: Boolean, block: suspend CoroutineScope.() -> T): Task<T> {
  return currentLoop().createCoroutineTask(name, block, eagerStart)
}

/**
 * The call graph of [future] (CPython 3.14 `asyncio.capture_call_graph`), or of the current task
 * when `null`; `null` outside a task. See [CallGraph] for what is known (a Kotlin task suspended in
 * `await()` shows its coroutine frames).
 *
 * @throws IllegalStateException if not called on the future's loop thread
 */
@JvmSynthetic
public suspend fun captureCallGraph(future: Future<*>? = null): CallGraph? {
  val f = future ?: taskOf(coroutineContext) ?: return null
  return CallGraphs.capture(f)
}

/** [captureCallGraph] as text (CPython 3.14 `asyncio.format_call_graph`); `""` outside a task. */
@JvmSynthetic
public suspend fun formatCallGraph(future: Future<*>? = null): String =
  captureCallGraph(future)?.let { CallGraphs.format(it) } ?: ""

/** The `python -m asyncio ps` table of the running loop's pending tasks (Java: `Asyncio.dumpTasks`). */
@JvmSynthetic
public suspend fun dumpTasks(): String = CallGraphs.dump(currentLoop())

