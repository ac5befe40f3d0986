package io.jasyncio.internal.task

import io.jasyncio.AsyncCallable
import io.jasyncio.CancelledError
import io.jasyncio.Task
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.future.StageFuture
import io.jasyncio.internal.future.awaitDoneQuietly
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.Objects
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.AbstractCoroutine
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.ThreadContextElement

/**
 * What Java and Kotlin see as a [Task]: a [FutureImpl] whose outcome only the coroutine decides.
 */
internal abstract class TaskImpl<T>(loop: EventLoopImpl, name: String?) : FutureImpl<T>(loop), Task<T> {
  @JvmField
  internal val id = COUNTER.incrementAndGet()

  /** What a Kotlin task last awaited with await() (introspection, issue 3). Loop thread. */
  @JvmField
  internal var awaitingFuture: FutureImpl<*>? = null

  /** The continuation suspended on [awaitingFuture]: its CoroutineStackFrames are the call stack. */
  @JvmField
  internal var awaitingCont: kotlin.coroutines.Continuation<*>? = null

  @Volatile
  private var name: String? = name

  /** Pending cancel() requests not matched by uncancel(). Loop thread. */
  @JvmField
  protected var cancelRequests = 0

  // intrusive list of the loop's pending tasks
  @JvmField internal var prevTask: TaskImpl<*>? = null
  @JvmField internal var nextTask: TaskImpl<*>? = null
  @JvmField internal var linked = false

  override fun getName(): String = name ?: "Task-$id"

  override fun setName(name: String) {
    this.name = Objects.requireNonNull(name, "name")
  }

  override fun cancelling(): Int = cancelRequests

  override fun uncancel(): Int {
    if (cancelRequests > 0) cancelRequests--
    return cancelRequests
  }

  override fun cancel(msg: String?): Boolean = onLoopOrPosted { requestCancel(msg) }

  /** On the loop thread: deliver a cancellation request. */
  protected abstract fun requestCancel(msg: String?): Boolean

  /** The coroutine finished: unlink and complete. Loop thread. */
  internal fun finish(v: T?, e: Throwable?) {
    loop.unregisterTask(this)
    awaitingFuture = null
    awaitingCont = null
    completeInternal(v, e)
  }

  override fun complete(value: T): Boolean =
    throw UnsupportedOperationException("Task does not support complete(): its coroutine decides the outcome")

  override fun completeExceptionally(ex: Throwable): Boolean =
    throw UnsupportedOperationException("Task does not support completeExceptionally(): its coroutine decides the outcome")

  override fun setResult(result: T): Unit =
    throw UnsupportedOperationException("Task does not support setResult(): its coroutine decides the outcome")

  override fun setException(exception: Throwable): Unit =
    throw UnsupportedOperationException("Task does not support setException(): its coroutine decides the outcome")

  override fun kind(): String = "Task"

  override fun describe(): String = "Task '${getName()}'"

  override fun toString(): String {
    val c = if (!isDone && cancelRequests > 0) ", cancelling=$cancelRequests" else ""
    return "Task[name=${getName()}, ${stateText()}$c]"
  }

  private companion object {
    private val COUNTER = AtomicLong()
  }
}

/** A task running a Kotlin suspend block as a kotlinx coroutine on the loop. */
internal class CoroutineTask<T>(loop: EventLoopImpl, name: String?) : TaskImpl<T>(loop, name) {
  private lateinit var coroutine: TaskCoroutine<T>

  fun start(block: suspend CoroutineScope.() -> T, eager: Boolean = false) {
    // loop.taskContext is built once per loop: a task costs one context `plus` (its Job)
    val c = TaskCoroutine(loop, this)
    coroutine = c
    loop.registerTask(this)
    // eager (issue 3): the first step runs now, up to the first suspension (CPython eager_start)
    c.start(if (eager) CoroutineStart.UNDISPATCHED else CoroutineStart.DEFAULT, c, block)
  }

  override fun requestCancel(msg: String?): Boolean {
    if (isDone) return false
    cancelRequests++
    coroutine.cancel(CancelledError(msg))
    return true
  }

  internal val job: kotlinx.coroutines.Job get() = coroutine
}

/** The kotlinx side of a [CoroutineTask]: its Job, which reports the outcome to the task. */
internal class TaskCoroutine<T>(loop: EventLoopImpl, @JvmField val task: CoroutineTask<T>) :
  AbstractCoroutine<T>(loop.taskContext, initParentJob = true, active = true) {
  override fun onCompleted(value: T) = task.finish(value, null)

  override fun onCancelled(cause: Throwable, handled: Boolean) = task.finish(null, cause)
}

/**
 * The task a coroutine belongs to: its own, if it is a task's coroutine, else that of the nearest
 * ancestor that is one (a `launch` child, a `coroutineScope` or `withTimeout` block inside a task).
 */
internal fun taskOf(context: CoroutineContext): TaskImpl<*>? {
  var job = context[Job]
  while (job != null) {
    if (job is TaskCoroutine<*>) return job.task
    job = job.parent
  }
  return null
}

/**
 * One per loop, in the context of every task it runs (and so of their children): while a step of
 * a Kotlin coroutine runs on the loop thread, `loop.currentTask` is that coroutine's task, so Java
 * and Kotlin callers of `currentTask()` agree.
 */
internal class CurrentTaskTracker(private val loop: EventLoopImpl) : ThreadContextElement<Any?> {
  override val key: CoroutineContext.Key<*> get() = Key

  override fun updateThreadContext(context: CoroutineContext): Any? {
    val l = loop
    if (Thread.currentThread() !== l.thread) return NOT_ON_LOOP
    val old = l.currentTask
    l.currentTask = taskOf(context)
    return old
  }

  override fun restoreThreadContext(context: CoroutineContext, oldState: Any?) {
    if (oldState === NOT_ON_LOOP) return
    loop.currentTask = oldState as TaskImpl<*>?
  }

  internal companion object Key : CoroutineContext.Key<CurrentTaskTracker> {
    private val NOT_ON_LOOP = Any()
  }
}

/**
 * A task running a Java [AsyncCallable]: the first step calls it (on the loop thread, as the
 * current task), then the task follows the stage it returned.
 *
 * Cancellation is asyncio's `_fut_waiter` rule applied to the chain (Stages.kt): cancelling the
 * task cancels its stage, and a stage made from a loop future cancels what it waits for now, so
 * the request reaches the wait the chain is suspended in (a queue get, a lock acquire, a sleep)
 * and the CancelledError flows back through the chain's `whenComplete`/`handle`/`exceptionally`;
 * the task's outcome is then the stage's. Only when the request could not be delivered (the stage
 * was already done, or cannot be cancelled) does the task end cancelled on its own (asyncio's
 * `_must_cancel`).
 */
internal class StageTask<T>(loop: EventLoopImpl, name: String?, private val coro: AsyncCallable<T>) :
  TaskImpl<T>(loop, name), Runnable, FutureListener {
  private var stage: CompletionStage<T>? = null
  private var started = false
  private var mustCancel: CancelledError? = null

  fun start() {
    loop.registerTask(this)
    loop.schedule(this)
  }

  /** Eager start (issue 3): the first step runs now; a stage already complete finishes the task now. */
  fun startEager() {
    loop.registerTask(this)
    firstStep()
    val s = stage
    if (!isDone && s is FutureImpl<*> && s.isDone) stageDone()
  }

  /** The stage the first step returned (introspection). */
  internal val awaitedStage: CompletionStage<T>? get() = stage

  /** The first step, or (once the stage is done) the step that completes the task. */
  override fun run() {
    if (isDone) return
    if (!started) firstStep() else stageDone()
  }

  private fun firstStep() {
    started = true
    mustCancel?.let { finish(null, it); return }
    val l = loop
    val old = l.currentTask
    l.currentTask = this
    val s: CompletionStage<T>
    try {
      s = coro.call() ?: throw NullPointerException("AsyncCallable returned null instead of a CompletionStage")
    } catch (e: Throwable) {
      finish(null, e)
      return
    } finally {
      l.currentTask = old
    }
    stage = s
    // the body cancelled its own task: deliver it to the stage it returned
    mustCancel?.let { if (cancelStage(s, it.message)) mustCancel = null }
    if (s is CompletableFuture<T> && s.isDone) {
      // done already (an uncontended acquire, an item already queued): the task finishes in this
      // step, as a coroutine whose await did not suspend returns at once; a later step would open
      // a window in which a cancel could lose what the stage holds
      stageDone()
    } else if (s is FutureImpl<T> && s.loop === l) {
      s.markRetrieved()
      s.addListener(this)
    } else {
      // the next step runs in a later iteration, on the loop thread, whoever completes the stage
      s.whenComplete { _, _ -> loop.schedule(this) }
    }
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    // a primitive's grant is taken in the step that delivers it (Waiters.kt): finish now, so no
    // cancel can come between; otherwise in a later iteration, as asyncio's task wakeup
    if (f.notifyInline) stageDone() else loop.schedule(this)
  }

  private fun stageDone() {
    if (isDone) return
    val s = stage as CompletionStage<T>
    mustCancel?.let { finish(null, it); return }
    val cf = s.toCompletableFuture()
    val e = StageFuture.failureOf(cf)
    @Suppress("UNCHECKED_CAST")
    if (e != null) finish(null, e) else finish(StageFuture.valueOf(cf) as T, null)
  }

  override fun requestCancel(msg: String?): Boolean {
    if (isDone) return false
    cancelRequests++
    val s = stage
    // delivered into the chain: its outcome decides (a handler may even recover, as in asyncio)
    if (s != null && !isStageDone(s) && cancelStage(s, msg)) return true
    mustCancel = CancelledError(msg) // not started, running, or its stage already done
    return true
  }

  private fun isStageDone(s: CompletionStage<T>): Boolean =
    try {
      s.toCompletableFuture().isDone
    } catch (e: UnsupportedOperationException) {
      false
    }

  private fun cancelStage(s: CompletionStage<T>, msg: String?): Boolean =
    try {
      StageFuture.cancelUpstream(s.toCompletableFuture(), msg)
    } catch (e: UnsupportedOperationException) {
      false // a stage that cannot be cancelled: the task ends cancelled when it completes
    }

  override fun uncancel(): Int {
    val n = super.uncancel()
    if (n == 0) mustCancel = null
    return n
  }
}

/**
 * The plain CompletableFuture handed out by runCoroutineThreadsafe: completed on the loop thread
 * with the task's outcome; cancelling it cancels the task.
 */
internal class ThreadsafeResult<T>(private val loop: EventLoopImpl) : CompletableFuture<T>(), FutureListener {
  @Volatile
  private var task: TaskImpl<T>? = null

  /** Counted down once this future is complete, for waiters that must not run dependents. */
  private val released = java.util.concurrent.CountDownLatch(1)

  /** On the loop thread, once the task exists. */
  fun bind(t: TaskImpl<T>) {
    task = t
    t.markRetrieved()
    t.addListener(this)
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    val e = f.failure
    @Suppress("UNCHECKED_CAST")
    if (e == null) super.complete((f as FutureImpl<T>).result()) else super.completeExceptionally(e)
    released.countDown()
  }

  // A thread blocked in CompletableFuture's get/join helps run dependents: wait on the latch
  // instead, so that continuations attached before completion run on the loop thread.
  override fun join(): T {
    awaitDoneQuietly(this, released, -1, interruptible = false)
    return super.join()
  }

  override fun get(): T {
    awaitDoneQuietly(this, released, -1, interruptible = true)
    return super.get()
  }

  override fun get(timeout: Long, unit: TimeUnit): T {
    if (!awaitDoneQuietly(this, released, unit.toNanos(timeout), interruptible = true)) {
      throw java.util.concurrent.TimeoutException()
    }
    return super.get()
  }

  override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
    val r = super.cancel(mayInterruptIfRunning)
    released.countDown()
    if (r) {
      val t = task
      if (t != null) t.cancel() else loop.post { task?.cancel() }
    }
    return r
  }
}
