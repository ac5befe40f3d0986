package io.jasyncio.internal.task

import io.jasyncio.AsyncCallable
import io.jasyncio.CancelledError
import io.jasyncio.Task
import io.jasyncio.TaskGroup
import io.jasyncio.TaskGroupBody
import io.jasyncio.TaskGroupException
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.Objects
import java.util.concurrent.CancellationException
import kotlinx.coroutines.CoroutineScope

/**
 * The state of asyncio's `TaskGroup`, shared by the Java face ([JavaTaskGroupRun]) and the Kotlin
 * face (`taskGroup { }`). The face runs the body, tells the group when it ends ([beginExit]),
 * waits until the group has no task left ([onEmpty]) and asks for the outcome ([outcome]).
 *
 * Loop-confined (except [cancel], which posts).
 */
internal class TaskGroupImpl(@JvmField val loop: EventLoopImpl) : TaskGroup, FutureListener {
  private var exiting = false
  private var finished = false
  private var aborting = false

  /** The group cancelled its body (a task failed, or cancel()): CPython's `_parent_cancel_requested`. */
  private var bodyCancelRequested = false
  private val tasks = LinkedHashSet<TaskImpl<*>>()
  private val errors = ArrayList<Throwable>()

  /** Set by the face while the body runs: cancels the body. */
  @JvmField
  var cancelBody: Runnable? = null

  /** Set by the face while it waits: told once the group has no task left. */
  @JvmField
  var onEmpty: Runnable? = null

  override fun <T> createTask(coro: AsyncCallable<T>?): Task<T> = createTask(coro, null)

  override fun <T> createTask(coro: AsyncCallable<T>?, name: String?): Task<T> {
    Objects.requireNonNull(coro, "coro")
    coro!!
    checkCreate()
    @Suppress("UNCHECKED_CAST")
    val t = loop.createTask(coro, name) as TaskImpl<T>
    track(t)
    return t
  }

  /** A Kotlin child. */
  fun <T> createCoroutineTask(name: String?, block: suspend CoroutineScope.() -> T): Task<T> {
    checkCreate()
    val t = loop.createCoroutineTask(name, block)
    track(t)
    return t
  }

  private fun checkCreate() {
    if (!loop.inLoop()) {
      throw IllegalStateException("TaskGroup.createTask must be called on the thread of the group's loop ($loop)")
    }
    if (finished || (exiting && tasks.isEmpty())) throw IllegalStateException("TaskGroup $this is finished")
    if (aborting) throw IllegalStateException("TaskGroup $this is shutting down")
  }

  private fun track(t: TaskImpl<*>) {
    tasks.add(t)
    t.addListener(this) // told inline when done (at once if an eager task already finished)
  }

  /**
   * A task ended: the group hears of it in the next iteration, like CPython's `_on_task_done`
   * done callback (scheduled in registration order with the task's other done callbacks). So
   * every sibling whose step was already due in the iteration a task failed in still runs, and
   * its failure is collected too, instead of being cancelled before it could fail.
   */
  override fun onFutureDone(f: FutureImpl<*>) {
    loop.schedule { taskDone(f) }
  }

  private fun taskDone(f: FutureImpl<*>) {
    tasks.remove(f)
    val e = f.failure
    if (e != null && !f.isCancelled) {
      f.markRetrieved()
      errors.add(e)
      if (!aborting && !bodyCancelRequested) {
        abort()
        requestBodyCancel()
      }
    }
    // last: the waiter may decide the outcome at once (Java face)
    if (tasks.isEmpty()) {
      onEmpty?.let {
        onEmpty = null
        it.run()
      }
    }
  }

  /** Cancels every task not done. */
  fun abort() {
    aborting = true
    for (t in tasks.toList()) if (!t.isDone) t.cancel()
  }

  private fun requestBodyCancel() {
    val c = cancelBody ?: return // the body is over
    bodyCancelRequested = true
    c.run()
  }

  override fun cancel() {
    if (!loop.owned()) {
      loop.post { cancel() }
      return
    }
    if (finished || (exiting && tasks.isEmpty())) return
    if (!aborting) abort()
    if (!bodyCancelRequested) requestBodyCancel()
  }

  override fun size(): Int = tasks.size

  fun hasTasks(): Boolean = tasks.isNotEmpty()

  /** The body ended, with [bodyError] or normally: abort if it failed; from now on, only waiting. */
  fun beginExit(bodyError: Throwable?) {
    cancelBody = null
    exiting = true
    if (bodyError != null && !aborting) abort()
  }

  /**
   * The group's outcome once no task is left: null (normal end) or the exception to raise.
   *
   * @param bodyError how the body ended
   * @param waitCancel a cancellation that reached the face while it waited for the tasks
   * @param outsideCancelled whether the code around the group was cancelled (CPython: the
   *     parent task's `uncancel()` is not back to 0)
   */
  fun outcome(bodyError: Throwable?, waitCancel: Throwable?, outsideCancelled: Boolean): Throwable? {
    finished = true
    var propagate: Throwable? = (bodyError as? CancellationException) ?: waitCancel
    if (bodyCancelRequested && !outsideCancelled) propagate = null // our own cancel of the body
    if (propagate != null && errors.isEmpty()) return propagate
    if (bodyError != null && bodyError !is CancellationException) errors.add(bodyError)
    if (errors.isEmpty()) return null
    return TaskGroupException("unhandled errors in a TaskGroup", errors)
  }

  override fun toString(): String {
    val sb = StringBuilder("TaskGroup[")
    sb.append(
      when {
        finished -> "finished"
        aborting -> "cancelling"
        exiting -> "exiting"
        else -> "entered"
      }
    )
    if (tasks.isNotEmpty()) sb.append(", tasks=").append(tasks.size)
    if (errors.isNotEmpty()) sb.append(", errors=").append(errors.size)
    return sb.append(']').toString()
  }
}

/**
 * The future of a Java task group: runs the body, follows its stage, waits for the tasks. The
 * outcome is decided one iteration after the body's stage completes (as a task step).
 */
internal class JavaTaskGroupRun(private val group: TaskGroupImpl) : FutureImpl<Void>(group.loop), FutureListener {
  private var inner: FutureImpl<*>? = null
  private var bodyRunning = true
  private var bodyError: Throwable? = null
  private var foreign: CancelledError? = null
  private var waitCancel: Throwable? = null
  private var cancelBeforeStage: String? = null
  private var cancelBeforeStageSet = false

  fun start(body: TaskGroupBody) {
    group.cancelBody = Runnable { cancelStage("TaskGroup cancelled its body") }
    val s = try {
      body.run(group) ?: throw NullPointerException(
        "the TaskGroup body returned null instead of a CompletionStage (return CompletableFuture.completedFuture(null))"
      )
    } catch (e: Throwable) {
      bodyDone(e)
      return
    }
    val f = loop.ensureFuture(s)
    inner = f
    f.markRetrieved()
    if (cancelBeforeStageSet) f.cancel(cancelBeforeStage)
    f.addListener(this)
  }

  private fun cancelStage(msg: String?) {
    val f = inner
    if (f != null) {
      f.cancel(msg)
    } else {
      cancelBeforeStageSet = true
      cancelBeforeStage = msg
    }
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    loop.schedule { if (bodyRunning) bodyDone(f.failure) }
  }

  private fun bodyDone(e: Throwable?) {
    bodyRunning = false
    bodyError = e
    group.beginExit(e)
    val f = foreign
    if (f != null && e !is CancellationException) {
      waitCancel = f // cancelled from outside after the body's stage completed
      group.abort()
    }
    if (group.hasTasks()) group.onEmpty = Runnable { finish() } else finish()
  }

  private fun finish() {
    if (isDone) return
    val out = group.outcome(bodyError, waitCancel, foreign != null)
    // the group's exit is part of the awaiting code's step (CPython: `async with` in the same task)
    completeDelivering(null, out)
  }

  /** A cancel from outside: the body and the tasks are cancelled; done once they are. */
  override fun cancel(msg: String?): Boolean {
    if (isDone) return false
    if (!loop.owned() && !loop.isClosed) {
      loop.post { cancel(msg) }
      return true
    }
    if (loop.isClosed) return completeInternal(null, CancelledError(msg))
    if (foreign != null) return true
    val err = CancelledError(msg)
    foreign = err
    if (bodyRunning) {
      cancelStage(msg) // the body ends cancelled, and the group aborts
    } else {
      waitCancel = err
      group.abort()
    }
    return true
  }

  override fun kind(): String = "TaskGroup"

  override fun toString(): String = "TaskGroupFuture[${stateText()}, $group]"
}
