package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.Task
import io.jasyncio.TaskGroup
import io.jasyncio.TaskGroupException
import io.jasyncio.internal.task.TaskGroupImpl
import kotlin.coroutines.coroutineContext
import kotlin.coroutines.resume
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext

/**
 * The receiver of a `taskGroup { }` block: a [CoroutineScope] for the body, plus the group's
 * [createTask] and [cancel].
 *
 * Inside the block and inside the tasks it creates (lexically), an unqualified `createTask { }`
 * is the group's (the implicit receiver's member wins over the top-level `createTask`).
 * `cancel()` is the group's `cancel()` (CPython 3.15), not kotlinx's `CoroutineScope.cancel`.
 */
public interface TaskGroupScope : CoroutineScope {
  /** The group as Java sees it: pass it to Java code, which can add Java tasks to it. */
  public val group: TaskGroup

  /**
   * Creates a Kotlin task in the group (asyncio `TaskGroup.create_task`). It is a task of the
   * loop like any other (not a kotlinx child of the body): the group waits for it, and its failure
   * cancels the other tasks and the body.
   *
   * @param name the task's name, or `null` for `Task-N`
   * @throws IllegalStateException if the group is shutting down or finished
   */
  @JvmSynthetic
  public fun <T> createTask(name: String? = null, block: suspend CoroutineScope.() -> T): Task<T>

  /** Stops the group: cancels its tasks and the body; the group ends without raising. */
  public fun cancel()
}

/**
 * Adds a Kotlin task to a group (made by Java's `Asyncio.taskGroup` or by [taskGroup]). Named
 * `task` because a Kotlin lambda passed to `createTask` would resolve to the Java member taking an
 * `AsyncCallable` (see `EventLoop.task`).
 *
 * @throws IllegalStateException if the group is shutting down or finished, or the caller is not on
 *     its loop thread
 */
@JvmSynthetic
public fun <T> TaskGroup.task(name: String? = null, block: suspend CoroutineScope.() -> T): Task<T> =
  (this as? TaskGroupImpl ?: throw IllegalArgumentException("not a jasyncio TaskGroup: $this"))
    .createCoroutineTask(name, block)

/**
 * Runs [block] as the body of a new task group and returns once the body and every task of the
 * group are done (the Kotlin face of `async with asyncio.TaskGroup() as tg`; Java:
 * `Asyncio.taskGroup`). See [TaskGroup] for the semantics; in short:
 *
 * - the first task to fail cancels the others and the body (one iteration later, so tasks failing
 *   in the same iteration are all collected), and this throws a
 *   [TaskGroupException] listing every failure (tasks in completion order, then the body's);
 * - [TaskGroupScope.cancel] stops the group, which then returns normally;
 * - cancelling the coroutine running this cancels the tasks and the body, waits for them (in
 *   `NonCancellable`), and rethrows the cancellation (unless tasks failed meanwhile: then the
 *   [TaskGroupException], as CPython; the coroutine stays cancelled).
 *
 * Unlike kotlinx's `coroutineScope`, the children are jasyncio [Task]s that Java code can see,
 * await and cancel, failures are collected rather than the first one winning, and a cancelled
 * child is not a failure. Returns `Unit` like CPython's `async with`: read results from the tasks
 * (a `cancel()` may stop the body before it produced a value).
 *
 * @throws IllegalStateException if the caller does not run on a jasyncio loop
 */
@JvmSynthetic
public suspend fun taskGroup(block: suspend TaskGroupScope.() -> Unit) {
  val g = TaskGroupImpl(loopOfCaller())
  var bodyError: Throwable? = null
  try {
    coroutineScope {
      val job = coroutineContext.job
      g.cancelBody = Runnable { job.cancel(CancelledError("TaskGroup cancelled its body")) }
      TaskGroupScopeImpl(g, this).block()
    }
  } catch (e: Throwable) {
    bodyError = e
  }
  g.beginExit(bodyError)
  var waitCancel: Throwable? = null
  if (g.hasTasks()) {
    // A kotlinx cancellation is sticky, CPython's is delivered once: a cancel the body already
    // received (and maybe turned into an error) is not a new one for the wait.
    val activeBeforeWait = coroutineContext.isActive
    try {
      awaitEmpty(g)
    } catch (e: kotlin.coroutines.cancellation.CancellationException) {
      if (activeBeforeWait) waitCancel = e // cancelled from outside while waiting
      g.abort()
      withContext(NonCancellable) { awaitEmpty(g) }
    }
  }
  val out = g.outcome(bodyError, waitCancel, !coroutineContext.isActive)
  if (out != null) throw out
}

private suspend fun awaitEmpty(g: TaskGroupImpl) {
  if (!g.hasTasks()) return
  suspendCancellableCoroutine<Unit> { cont ->
    g.onEmpty = Runnable { cont.resume(Unit) }
    cont.invokeOnCancellation { g.onEmpty = null }
  }
}

private class TaskGroupScopeImpl(private val g: TaskGroupImpl, scope: CoroutineScope) :
  TaskGroupScope, CoroutineScope by scope {
  override val group: TaskGroup get() = g

  @JvmSynthetic
  override fun <T> createTask(name: String?, block: suspend CoroutineScope.() -> T): Task<T> =
    g.createCoroutineTask(name, block)

  override fun cancel() = g.cancel()

  override fun toString(): String = g.toString()
}
