package io.jasyncio.internal.future

import io.jasyncio.CancelledError
import io.jasyncio.EventLoop
import io.jasyncio.Future
import io.jasyncio.InvalidStateError
import io.jasyncio.internal.debug.CreationTraces
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.FailureReport
import io.jasyncio.internal.loop.HandleImpl
import io.jasyncio.internal.task.TaskImpl
import io.jasyncio.internal.task.taskOf
import java.util.Objects
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import java.util.function.BiConsumer
import java.util.function.BiFunction
import java.util.function.Consumer
import java.util.function.Function
import java.util.function.Supplier
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/** Told inline, on the loop thread, when a future completes. Internal waiters only. */
internal fun interface FutureListener {
  fun onFutureDone(f: FutureImpl<*>)
}

/**
 * A future bound to a loop: a [CompletableFuture] whose completion always happens on the loop
 * thread, plus asyncio's done callbacks and a waiter list for Kotlin awaits.
 *
 * Waiters (loop-confined) are, in registration order: [DoneCallback]s (scheduled with callSoon),
 * [CancellableContinuation]s (resumed, hence dispatched) and [FutureListener]s (told inline).
 */
internal open class FutureImpl<T>(@JvmField val loop: EventLoopImpl) : CompletableFuture<T>(), Future<T> {
  private var waiters: Any? = null

  init {
    if (loop.debugging) CreationTraces.record(this)
  }

  @JvmField
  internal var failure: Throwable? = null
  private var value: Any? = null

  /** Somebody looked at the outcome (result, exception, join, await, a dependent stage). */
  @JvmField
  internal var retrieved = false

  // ---- completion ------------------------------------------------------------------------------

  /** 1 once a completion was requested, from any thread: only the first request wins. */
  @Volatile
  @JvmField
  internal var claimed: Int = 0

  private fun claim(): Boolean = CLAIMED.compareAndSet(this, 0, 1)

  /** Claims the completion for a later [completeClaimedFromAnyThread] (a primitive's grant); false if taken. */
  internal fun tryClaim(): Boolean = claim()

  /** Completes a future claimed with [tryClaim]: inline if the caller owns the loop, else posted to it. */
  internal fun completeClaimedFromAnyThread(v: T?, e: Throwable?) {
    if (loop.owned() || loop.isClosed) completeClaimed(v, e) else loop.post { completeClaimed(v, e) }
  }

  /** Completes on the loop thread (the caller must own the loop). Returns false if already done. */
  internal fun completeInternal(v: T?, e: Throwable?): Boolean = claim() && completeClaimed(v, e)

  /** Completes a future whose completion the caller has claimed. Loop owner only. */
  private fun completeClaimed(v: T?, e: Throwable?): Boolean {
    if (isDone) return false
    val exc = normalize(e)
    if (exc == null) {
      value = v
      @Suppress("UNCHECKED_CAST")
      if (!super.complete(v as T)) return false
    } else {
      failure = exc
      if (!super.completeExceptionally(exc)) return false
    }
    notifyWaiters()
    // after the awaiters were told: one that took the failure in this step retrieved it
    if (exc != null && exc !is CancellationException && !retrieved) trackFailure(exc)
    return true
  }

  /** Completes from any thread: inline if the caller owns the loop, else posted to it. */
  internal fun completeFromAnyThread(v: T?, e: Throwable?) {
    if (loop.owned() || loop.isClosed) completeInternal(v, e) else loop.post { completeInternal(v, e) }
  }

  private fun trackFailure(exc: Throwable) {
    val trace = if (loop.debugging) CreationTraces.of(this) else emptyList()
    val r = FailureReport(loop, exc, "${kind()} exception was never retrieved: ${describe()}", trace)
    // a done future has no waiters left: the slot holds its report (one field less per future)
    waiters = r
    loop.unretrieved.add(r)
    r.cleanable = CLEANER.register(this, r)
    loop.failureTracked()
  }

  protected open fun kind(): String = "Future"

  protected open fun describe(): String = toString()

  internal fun markRetrieved() {
    if (retrieved) return
    retrieved = true
    val r = waiters as? FailureReport ?: return
    waiters = null
    r.retire()
  }

  override fun complete(value: T): Boolean {
    if (isDone) return false
    if (loop.owned() || loop.isClosed) return completeInternal(value, null)
    if (!claim()) return false
    loop.post { completeClaimed(value, null) }
    return true
  }

  override fun completeExceptionally(ex: Throwable): Boolean {
    Objects.requireNonNull(ex, "ex")
    if (isDone) return false
    if (loop.owned() || loop.isClosed) return completeInternal(null, ex)
    if (!claim()) return false
    loop.post { completeClaimed(null, ex) }
    return true
  }

  override fun setResult(result: T) {
    if (!complete(result)) throw InvalidStateError("invalid state: $this is already done")
  }

  override fun setException(exception: Throwable) {
    Objects.requireNonNull(exception, "exception")
    if (exception is CancellationException) {
      throw IllegalArgumentException("setException(CancellationException): use cancel(msg) to cancel a future")
    }
    if (!completeExceptionally(exception)) throw InvalidStateError("invalid state: $this is already done")
  }

  /**
   * A request that must run on the loop thread (a cancel that looks at loop-confined state): now
   * when the caller owns the loop, else posted, answering true (the request was made).
   */
  protected inline fun onLoopOrPosted(crossinline request: () -> Boolean): Boolean {
    if (isDone) return false
    if (!loop.owned() && !loop.isClosed) {
      loop.post { request() }
      return true
    }
    return request()
  }

  override fun cancel(mayInterruptIfRunning: Boolean): Boolean = cancel(null as String?)

  override fun cancel(): Boolean = cancel(null as String?)

  override fun cancel(msg: String?): Boolean {
    if (isDone) return false
    val err = CancelledError(msg)
    if (loop.owned() || loop.isClosed) return completeInternal(null, err)
    if (!claim()) return false
    loop.post { completeClaimed(null, err) }
    return true
  }

  override fun obtrudeValue(value: T): Unit =
    throw UnsupportedOperationException("a jasyncio future's outcome is set once; obtrudeValue is not supported")

  override fun obtrudeException(ex: Throwable): Unit =
    throw UnsupportedOperationException("a jasyncio future's outcome is set once; obtrudeException is not supported")

  override fun completeAsync(supplier: Supplier<out T>, executor: Executor): CompletableFuture<T> {
    Objects.requireNonNull(supplier, "supplier")
    executor.execute {
      try {
        complete(supplier.get())
      } catch (e: Throwable) {
        completeExceptionally(e)
      }
    }
    return this
  }

  override fun completeAsync(supplier: Supplier<out T>): CompletableFuture<T> = completeAsync(supplier, defaultExecutor())

  // ---- waiters ----------------------------------------------------------------------------------

  private fun addWaiter(w: Any) {
    when (val cur = waiters) {
      null -> waiters = w
      is WaiterList -> cur.add(w)
      else -> waiters = WaiterList().also { it.add(cur); it.add(w) }
    }
  }

  private fun removeWaiterMatching(pred: (Any) -> Boolean): Int {
    when (val cur = waiters) {
      null -> return 0
      is WaiterList -> {
        val before = cur.size
        cur.removeIf(pred)
        return before - cur.size
      }
      else -> if (pred(cur)) {
        waiters = null
        return 1
      }
    }
    return 0
  }

  /** Adds an internal listener, told inline on completion (at once if done). Loop owner only. */
  internal fun addListener(l: FutureListener) {
    if (isDone) l.onFutureDone(this) else addWaiter(l)
  }

  internal fun removeListener(l: FutureListener) {
    removeWaiterMatching { it === l }
  }

  private fun notifyWaiters() {
    val w = waiters ?: return
    waiters = null
    if (w is WaiterList) {
      for (x in w) notifyOne(x)
    } else {
      notifyOne(w)
    }
  }

  /**
   * True while the awaiters of this future are told by the step that delivered a primitive's
   * grant ([completeDelivering]): its stages and the task following it run in that step.
   */
  @JvmField
  internal var notifyInline = false

  /**
   * Completes a waiter future in the loop step that delivers its grant, and runs its stages (and
   * the Java task following it) in this same step, in registration order: no cancellation can land
   * between the primitive's hand-over and the first continuation. Loop owner only.
   */
  internal fun completeDelivering(v: T?, e: Throwable?): Boolean {
    if (!claim() || isDone) return false
    notifyInline = true
    try {
      return completeClaimed(v, e)
    } finally {
      notifyInline = false
    }
  }

  private fun notifyOne(x: Any) {
    when (x) {
      is StageFuture<*> -> x.sourceDone(notifyInline)
      is DoneCallback<*> -> if (loop.isClosed) x.run() else loop.schedule(x)
      is CancellableContinuation<*> -> {
        @Suppress("UNCHECKED_CAST")
        resumeWaiter(x as CancellableContinuation<T>)
      }
      is FutureListener -> x.onFutureDone(this)
    }
  }

  /** Adds a dependent stage as an awaiter; at once if done. Loop owner only. */
  internal fun addAwaiter(d: StageFuture<*>) {
    markRetrieved()
    if (isDone) d.sourceDone(inline = true) else addWaiter(d)
  }

  /** The value of a future done without failure (for its stages). */
  internal fun valueForStage(): Any? = value

  private fun resumeWaiter(cont: CancellableContinuation<T>) {
    val e = failure
    markRetrieved()
    if (e == null) {
      @Suppress("UNCHECKED_CAST")
      cont.resume(value as T)
    } else {
      cont.resumeWithException(e)
    }
  }

  override fun addDoneCallback(fn: Consumer<in Future<T>>) {
    Objects.requireNonNull(fn, "fn")
    val cb = DoneCallback(this, fn)
    if (loop.owned()) {
      if (isDone) loop.schedule(cb) else addWaiter(cb)
    } else {
      loop.post { if (isDone) loop.schedule(cb) else addWaiter(cb) }
    }
  }

  override fun removeDoneCallback(fn: Consumer<in Future<T>>): Int {
    Objects.requireNonNull(fn, "fn")
    if (!loop.owned()) throw IllegalStateException("removeDoneCallback must be called on the loop thread")
    return removeWaiterMatching { it is DoneCallback<*> && it.fn == fn }
  }

  /** A done callback, scheduled with callSoon once the future is done. */
  internal class DoneCallback<T>(private val f: FutureImpl<T>, @JvmField val fn: Consumer<in Future<T>>) : HandleImpl(NOOP) {
    override fun run() {
      if (!cancelled()) fn.accept(f)
    }

    override fun toString(): String = "DoneCallback[$fn of $f]"
  }

  private class WaiterList : ArrayList<Any>(4)

  /** The tasks waiting for this future: Kotlin awaiters and Java tasks following it (introspection). Loop owner. */
  internal fun awaitingTasks(): List<TaskImpl<*>> {
    val out = ArrayList<TaskImpl<*>>()
    fun one(x: Any) {
      val t = when (x) {
        is CancellableContinuation<*> -> taskOf(x.context)
        is TaskImpl<*> -> x
        is StageFuture<*> -> x.task
        else -> null
      }
      if (t != null && !t.isDone && t !in out) out.add(t)
    }
    when (val w = waiters) {
      null -> {}
      is WaiterList -> for (x in w) one(x)
      else -> one(w)
    }
    return out
  }

  // ---- Kotlin await -------------------------------------------------------------------------------

  /**
   * Suspends until done. Cancelling the awaiting coroutine cancels this future (asyncio: the
   * awaited future is cancelled with the awaiting task).
   */
  internal suspend fun awaitInternal(): T {
    if (isDone) return outcomeForKotlin()
    return suspendCancellableCoroutine { cont ->
      if (loop.owned()) {
        if (isDone) resumeWaiter(cont) else addWaiter(cont)
      } else {
        loop.post { if (isDone) resumeWaiter(cont) else addWaiter(cont) }
      }
      // introspection (issue 3): the task now waits for this future
      taskOf(cont.context)?.let { it.awaitingFuture = this; it.awaitingCont = cont }
      // asyncio passes the cancel message on to the awaited future
      cont.invokeOnCancellation { cause -> cancel((cause as? CancelledError)?.message) }
    }
  }

  /** The outcome as Kotlin sees it: the exception itself is thrown, checked or not. */
  @Suppress("UNCHECKED_CAST")
  internal fun outcomeForKotlin(): T {
    markRetrieved()
    val e = failure
    if (e != null) throw e
    return value as T
  }

  // ---- asyncio accessors --------------------------------------------------------------------------

  override fun result(): T {
    if (!isDone) throw InvalidStateError("Result is not set: $this is pending")
    markRetrieved()
    val e = failure
    @Suppress("UNCHECKED_CAST")
    if (e == null) return value as T
    throw unchecked(e)
  }

  override fun exception(): Throwable? {
    if (!isDone) throw InvalidStateError("Exception is not set: $this is pending")
    markRetrieved()
    val e = failure
    if (e is CancellationException) throw e
    return e
  }

  override fun done(): Boolean = isDone

  override fun cancelled(): Boolean = isCancelled

  override fun getLoop(): EventLoop = loop

  // ---- CompletableFuture blocking and composition ----------------------------------------------

  private fun checkNotBlockingLoop(what: String) {
    if (!isDone && loop.inLoop()) {
      throw IllegalStateException(
        "$what on a pending future from its own loop's thread would deadlock: await it or add a callback ($this)"
      )
    }
  }

  /**
   * Throws the future's own CancelledError if it was cancelled: since JDK 23 the JDK's join/get
   * throw a new CancellationException instead, and Java code catching CancelledError must work
   * on every JDK.
   */
  private fun throwIfCancelled() {
    val e = failure
    if (e is CancelledError && isDone) throw e
  }

  /** Off the loop thread: waits for completion without helping to run dependents here. */
  private fun waitOffLoop(timeoutNanos: Long, interruptible: Boolean): Boolean {
    if (isDone || loop.inLoop()) return true
    val latch = CountDownLatch(1)
    val release = FutureListener { latch.countDown() }
    if (loop.owned() || loop.isClosed) addListener(release) else loop.post { addListener(release) }
    return awaitDoneQuietly(this, latch, timeoutNanos, interruptible)
  }

  override fun join(): T {
    checkNotBlockingLoop("join()")
    markRetrieved()
    waitOffLoop(-1, interruptible = false)
    throwIfCancelled()
    try {
      return super.join()
    } catch (e: CancellationException) {
      throwIfCancelled() // cancelled while we waited
      throw e
    }
  }

  override fun get(): T {
    checkNotBlockingLoop("get()")
    markRetrieved()
    waitOffLoop(-1, interruptible = true)
    throwIfCancelled()
    try {
      return super.get()
    } catch (e: CancellationException) {
      throwIfCancelled() // cancelled while we waited
      throw e
    }
  }

  override fun get(timeout: Long, unit: TimeUnit): T {
    checkNotBlockingLoop("get(timeout)")
    markRetrieved()
    if (!waitOffLoop(unit.toNanos(timeout), interruptible = true)) throw java.util.concurrent.TimeoutException()
    throwIfCancelled()
    try {
      return super.get(timeout, unit)
    } catch (e: CancellationException) {
      throwIfCancelled() // cancelled while we waited
      throw e
    }
  }

  override fun getNow(valueIfAbsent: T): T {
    if (isDone) {
      markRetrieved()
      throwIfCancelled()
    }
    return super.getNow(valueIfAbsent)
  }

  /**
   * The JDK's own combinators that are not overridden below (copy, orTimeout, allOf...) observe
   * the outcome through a plain CompletableFuture.
   */
  override fun <U> newIncompleteFuture(): CompletableFuture<U> {
    markRetrieved()
    return CompletableFuture()
  }

  // ---- CompletionStage: every dependent is a loop future that awaits this one (Stages.kt) -------

  private fun <U> stage(kind: Int, fn: Any?, other: CompletionStage<*>?, executor: Executor?): CompletableFuture<U> {
    Objects.requireNonNull(fn, "fn")
    markRetrieved()
    val o = if (other == null) null else foreignToCf(other)
    val d = if (o == null) StageFuture<U>(loop, kind, fn, this, executor) else BiStageFuture<U>(loop, kind, fn, this, o, executor)
    when {
      loop.inLoop() -> {
        d.task = loop.currentTask
        d.attach()
      }
      loop.owned() || loop.isClosed -> d.attach()
      else -> loop.post { d.attach() }
    }
    return d
  }

  private fun asyncExec(e: Executor?): Executor = Objects.requireNonNull(e, "executor")!!

  override fun <U> thenApply(fn: Function<in T, out U>): CompletableFuture<U> = stage(StageFuture.APPLY, fn, null, null)
  override fun <U> thenApplyAsync(fn: Function<in T, out U>): CompletableFuture<U> = stage(StageFuture.APPLY, fn, null, defaultExecutor())
  override fun <U> thenApplyAsync(fn: Function<in T, out U>, executor: Executor?): CompletableFuture<U> =
    stage(StageFuture.APPLY, fn, null, asyncExec(executor))

  override fun thenAccept(action: Consumer<in T>): CompletableFuture<Void> = stage(StageFuture.ACCEPT, action, null, null)
  override fun thenAcceptAsync(action: Consumer<in T>): CompletableFuture<Void> = stage(StageFuture.ACCEPT, action, null, defaultExecutor())
  override fun thenAcceptAsync(action: Consumer<in T>, executor: Executor?): CompletableFuture<Void> =
    stage(StageFuture.ACCEPT, action, null, asyncExec(executor))

  override fun thenRun(action: Runnable): CompletableFuture<Void> = stage(StageFuture.RUN, action, null, null)
  override fun thenRunAsync(action: Runnable): CompletableFuture<Void> = stage(StageFuture.RUN, action, null, defaultExecutor())
  override fun thenRunAsync(action: Runnable, executor: Executor?): CompletableFuture<Void> =
    stage(StageFuture.RUN, action, null, asyncExec(executor))

  override fun <U> thenCompose(fn: Function<in T, out CompletionStage<U>>): CompletableFuture<U> = stage(StageFuture.COMPOSE, fn, null, null)
  override fun <U> thenComposeAsync(fn: Function<in T, out CompletionStage<U>>): CompletableFuture<U> =
    stage(StageFuture.COMPOSE, fn, null, defaultExecutor())
  override fun <U> thenComposeAsync(fn: Function<in T, out CompletionStage<U>>, executor: Executor?): CompletableFuture<U> =
    stage(StageFuture.COMPOSE, fn, null, asyncExec(executor))

  override fun <U> handle(fn: BiFunction<in T, Throwable?, out U>): CompletableFuture<U> = stage(StageFuture.HANDLE, fn, null, null)
  override fun <U> handleAsync(fn: BiFunction<in T, Throwable?, out U>): CompletableFuture<U> =
    stage(StageFuture.HANDLE, fn, null, defaultExecutor())
  override fun <U> handleAsync(fn: BiFunction<in T, Throwable?, out U>, executor: Executor?): CompletableFuture<U> =
    stage(StageFuture.HANDLE, fn, null, asyncExec(executor))

  override fun whenComplete(action: BiConsumer<in T, in Throwable?>): CompletableFuture<T> = stage(StageFuture.WHEN, action, null, null)
  override fun whenCompleteAsync(action: BiConsumer<in T, in Throwable?>): CompletableFuture<T> =
    stage(StageFuture.WHEN, action, null, defaultExecutor())
  override fun whenCompleteAsync(action: BiConsumer<in T, in Throwable?>, executor: Executor?): CompletableFuture<T> =
    stage(StageFuture.WHEN, action, null, asyncExec(executor))

  override fun exceptionally(fn: Function<Throwable, out T>): CompletableFuture<T> = stage(StageFuture.EXCEPTIONALLY, fn, null, null)
  override fun exceptionallyAsync(fn: Function<Throwable, out T>): CompletableFuture<T> =
    stage(StageFuture.EXCEPTIONALLY, fn, null, defaultExecutor())
  override fun exceptionallyAsync(fn: Function<Throwable, out T>, executor: Executor?): CompletableFuture<T> =
    stage(StageFuture.EXCEPTIONALLY, fn, null, asyncExec(executor))

  override fun exceptionallyCompose(fn: Function<Throwable, out CompletionStage<T>>): CompletableFuture<T> =
    stage(StageFuture.EXC_COMPOSE, fn, null, null)
  override fun exceptionallyComposeAsync(fn: Function<Throwable, out CompletionStage<T>>): CompletableFuture<T> =
    stage(StageFuture.EXC_COMPOSE, fn, null, defaultExecutor())
  override fun exceptionallyComposeAsync(fn: Function<Throwable, out CompletionStage<T>>, executor: Executor?): CompletableFuture<T> =
    stage(StageFuture.EXC_COMPOSE, fn, null, asyncExec(executor))

  override fun <U, V> thenCombine(other: CompletionStage<out U>, fn: BiFunction<in T, in U, out V>): CompletableFuture<V> =
    stage(StageFuture.COMBINE, fn, other, null)
  override fun <U, V> thenCombineAsync(other: CompletionStage<out U>, fn: BiFunction<in T, in U, out V>): CompletableFuture<V> =
    stage(StageFuture.COMBINE, fn, other, defaultExecutor())
  override fun <U, V> thenCombineAsync(
    other: CompletionStage<out U>, fn: BiFunction<in T, in U, out V>, executor: Executor?,
  ): CompletableFuture<V> = stage(StageFuture.COMBINE, fn, other, asyncExec(executor))

  override fun <U> thenAcceptBoth(other: CompletionStage<out U>, action: BiConsumer<in T, in U>): CompletableFuture<Void> =
    stage(StageFuture.ACCEPT_BOTH, action, other, null)
  override fun <U> thenAcceptBothAsync(other: CompletionStage<out U>, action: BiConsumer<in T, in U>): CompletableFuture<Void> =
    stage(StageFuture.ACCEPT_BOTH, action, other, defaultExecutor())
  override fun <U> thenAcceptBothAsync(
    other: CompletionStage<out U>, action: BiConsumer<in T, in U>, executor: Executor?,
  ): CompletableFuture<Void> = stage(StageFuture.ACCEPT_BOTH, action, other, asyncExec(executor))

  override fun runAfterBoth(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
    stage(StageFuture.RUN_BOTH, action, other, null)
  override fun runAfterBothAsync(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
    stage(StageFuture.RUN_BOTH, action, other, defaultExecutor())
  override fun runAfterBothAsync(other: CompletionStage<*>, action: Runnable, executor: Executor?): CompletableFuture<Void> =
    stage(StageFuture.RUN_BOTH, action, other, asyncExec(executor))

  override fun <U> applyToEither(other: CompletionStage<out T>, fn: Function<in T, U>): CompletableFuture<U> =
    stage(StageFuture.APPLY_EITHER, fn, other, null)
  override fun <U> applyToEitherAsync(other: CompletionStage<out T>, fn: Function<in T, U>): CompletableFuture<U> =
    stage(StageFuture.APPLY_EITHER, fn, other, defaultExecutor())
  override fun <U> applyToEitherAsync(other: CompletionStage<out T>, fn: Function<in T, U>, executor: Executor?): CompletableFuture<U> =
    stage(StageFuture.APPLY_EITHER, fn, other, asyncExec(executor))

  override fun acceptEither(other: CompletionStage<out T>, action: Consumer<in T>): CompletableFuture<Void> =
    stage(StageFuture.ACCEPT_EITHER, action, other, null)
  override fun acceptEitherAsync(other: CompletionStage<out T>, action: Consumer<in T>): CompletableFuture<Void> =
    stage(StageFuture.ACCEPT_EITHER, action, other, defaultExecutor())
  override fun acceptEitherAsync(other: CompletionStage<out T>, action: Consumer<in T>, executor: Executor?): CompletableFuture<Void> =
    stage(StageFuture.ACCEPT_EITHER, action, other, asyncExec(executor))

  override fun runAfterEither(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
    stage(StageFuture.RUN_EITHER, action, other, null)
  override fun runAfterEitherAsync(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
    stage(StageFuture.RUN_EITHER, action, other, defaultExecutor())
  override fun runAfterEitherAsync(other: CompletionStage<*>, action: Runnable, executor: Executor?): CompletableFuture<Void> =
    stage(StageFuture.RUN_EITHER, action, other, asyncExec(executor))

  /** Composition (thenCompose returning this future, allOf, kotlinx await...) observes the outcome. */
  override fun toCompletableFuture(): CompletableFuture<T> {
    markRetrieved()
    return this
  }

  /** Mirrors [stage] into this future; cancelling this cancels [stage] if it is a CompletableFuture. */
  internal fun mirror(stage: CompletionStage<T>) {
    stage.whenComplete { v, e -> completeFromAnyThread(v, e) }
    val src: CompletableFuture<T>? = try {
      stage.toCompletableFuture()
    } catch (e: UnsupportedOperationException) {
      null
    }
    if (src != null && src !== this) {
      addListener0 { if (isCancelled) src.cancel(false) }
    }
  }

  private fun addListener0(l: FutureListener) {
    if (loop.owned()) addListener(l) else loop.post { addListener(l) }
  }

  /** `pending`, `cancelled`, `finished result=…` or `finished exception=…`, as asyncio's repr. */
  protected fun stateText(): String = when {
    !isDone -> "pending"
    isCancelled -> "cancelled"
    failure != null -> "finished exception=$failure"
    else -> "finished result=${value.toString().take(80)}"
  }

  override fun toString(): String = "${kind()}[${stateText()}]"

  internal companion object {
    private val NOOP = Runnable {}

    private val CLAIMED: java.util.concurrent.atomic.AtomicIntegerFieldUpdater<FutureImpl<*>> =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(FutureImpl::class.java, "claimed")

    @JvmField
    val CLEANER: java.lang.ref.Cleaner = java.lang.ref.Cleaner.create()

    /** Keeps types and messages; unwraps CompletionException/ExecutionException; cancellations become CancelledError. */
    fun normalize(e: Throwable?): Throwable? {
      var x = e ?: return null
      while ((x is CompletionException || x is ExecutionException) && x.cause != null) x = x.cause!!
      if (x is CancellationException && x !is CancelledError) {
        return CancelledError(x.message).also { it.initCause(x) }
      }
      return x
    }

    /** [s] as a CompletableFuture (a minimal stage is mirrored into a new one). */
    fun foreignToCf(s: CompletionStage<*>): CompletableFuture<*> =
      try {
        s.toCompletableFuture()
      } catch (e: UnsupportedOperationException) {
        val cf = CompletableFuture<Any?>()
        s.whenComplete { v, x -> if (x != null) cf.completeExceptionally(x) else cf.complete(v) }
        cf
      }

    /** Unchecked exceptions and errors as they are; a checked one wrapped in CompletionException. */
    fun unchecked(e: Throwable): Throwable =
      if (e is RuntimeException || e is Error) e else CompletionException(e)
  }
}
