package io.jasyncio.internal.future

import io.jasyncio.CancelledError
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.task.TaskImpl
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor
import java.util.function.BiConsumer
import java.util.function.BiFunction
import java.util.function.Consumer
import java.util.function.Function

/*
 * What a Java task's chain *is* to the loop.
 *
 * A Java coroutine function returns a chain of stages: `q.getAsync().thenApply(f).whenComplete(g)`.
 * asyncio's task knows the one future its coroutine is suspended on (`_fut_waiter`) and cancels
 * that one. Here every dependent stage made from a loop future (thenApply, thenCompose,
 * whenComplete, handle, exceptionally, the two-source combinators, and their Async variants) is a
 * StageFuture: a loop future of the same loop that knows what it waits for *now* — its source(s),
 * or, once a thenCompose function has run, the stage that function returned. So a chain is a
 * linked list from the task's stage back to the wait it is suspended in, and cancelling a stage
 * cancels what it waits for: the cancellation reaches the head of the chain (a queue get, a lock
 * acquire, a sleep), which withdraws its waiter, and the CancelledError flows back down through
 * the chain, running `whenComplete`, `handle` and `exceptionally` on the way, exactly as a
 * CancelledError thrown at an `await` unwinds a coroutine's try/finally blocks.
 *
 * When a stage is cancelled after its source completed but before its continuation ran (the
 * continuation is scheduled), the cancellation is kept and delivered at the continuation instead
 * of the source's outcome: asyncio's `_must_cancel`.
 *
 * Ordering (asyncio's awaiters). A stage is an awaiter of its source, in the source's one list of
 * awaiters, with done callbacks and Kotlin continuations. When user code completes the source
 * (`setResult`, `complete`, `cancel`), each awaiter is scheduled in registration order, as
 * asyncio schedules its done callbacks and task wake-ups; none runs inside `setResult`. When the
 * source is itself a stage completing in its own continuation, a primitive delivering a grant, or
 * a sleep waking up, that step *is* the awaiting code's step, and the awaiting stages run in it:
 * the synchronous code between two waits of a chain is not a suspension point, as the code
 * between two awaits of a coroutine is not. A stage attached to a future that is already done
 * runs at once, as asyncio's `await` of a done future goes on without yielding. Either way, once
 * [MAX_INLINE_DEPTH] stages are nested on the stack the next one is scheduled instead, so a
 * recursive chain (`drain(q) = q.getAsync().thenCompose(x -> drain(q))`) runs in constant stack
 * over any number of items.
 *
 * Grants (Waiters.kt). A primitive delivers a grant to a Java caller in one loop callback that
 * takes the value (the queue's head item, the lock) and completes the waiter future; the stages
 * attached to that future run inside that same callback ([FutureImpl.notifyInline]), so no
 * cancellation can land between the take and the first continuation: a cancelled wait consumes
 * nothing, and nothing is taken that no continuation sees.
 *
 * Exceptions: every function of a stage sees the original exception (never a CompletionException
 * wrapper), and a thenCompose relay completes with the inner stage's own exception.
 */

/** Nested inline continuations allowed before one is scheduled instead (constant stack). */
internal const val MAX_INLINE_DEPTH = 32

internal open class StageFuture<T>(
  loop: EventLoopImpl,
  kind: Int,
  fn: Any?,
  src: CompletableFuture<*>,
  executor: Executor?,
) : FutureImpl<T>(loop), Runnable, BiConsumer<Any?, Throwable?> {
  // A pending chain keeps one stage per level alive until it ends (W5 keeps 1,000 per task), so
  // the fields are few: kind, phase and the scheduled flag share one int; an Async variant's
  // executor travels with its function; a relayed stage and a pending cancel share [aux].

  /** kind (bits 0-7), phase (bits 8-15), [SCHEDULED]. */
  private var bits: Int = kind

  /** The function, or an [AsyncFn] holding it with its executor; null once it ran. */
  private var fn: Any? = if (executor == null) fn else AsyncFn(fn, executor)

  /** While WAITING: a cancel to deliver at the continuation; while RELAYING: the relayed stage. */
  private var aux: Any? = null

  private val kind: Int get() = bits and KIND_MASK

  private var phase: Int
    get() = (bits and PHASE_MASK) shr 8
    set(v) {
      bits = (bits and PHASE_MASK.inv()) or (v shl 8)
    }

  /** The continuation is scheduled (or ran): a cancel now is delivered at it. */
  private var scheduled: Boolean
    get() = bits and SCHEDULED != 0
    set(v) {
      bits = if (v) bits or SCHEDULED else bits and SCHEDULED.inv()
    }

  /** The stage a thenCompose function returned, while this stage relays it. */
  private var relay: CompletableFuture<*>?
    get() = if (phase == RELAYING) aux as CompletableFuture<*>? else null
    set(v) {
      aux = v
    }

  /** A cancel that came after the sources completed: delivered at the continuation. */
  private var pendingCancel: CancelledError?
    get() = if (phase == WAITING) aux as CancelledError? else null
    set(v) {
      aux = v
    }
  /**
   * The source(s) while this stage waits for them; dropped once its continuation ran, so a long
   * pending chain does not keep every completed wait (and its waiter) reachable.
   */
  private var src: CompletableFuture<*>? = src

  /** The second source of a two-source stage ([BiStageFuture]); null for the others. */
  protected open var other: CompletableFuture<*>?
    get() = null
    set(@Suppress("UNUSED_PARAMETER") v) {}

  /** The task whose step made this stage: its continuation runs as that task (currentTask). */
  @JvmField internal var task: TaskImpl<*>? = null

  init {
    // dependents are routinely dropped (`whenComplete(log)`): never report them as unretrieved
    retrieved = true
  }

  override fun kind(): String = "Stage"

  // ---- wiring ----------------------------------------------------------------------------------

  /** Loop thread (or no running loop): attaches to the sources. */
  fun attach() {
    val s = src!!
    if (s is FutureImpl<*> && s.loop === loop) s.addAwaiter(this) else watchForeign(s)
    val o = other ?: return
    if (o is FutureImpl<*> && o.loop === loop) o.addAwaiter(this) else watchForeign(o)
  }

  private fun watchForeign(f: CompletableFuture<*>) {
    if (f.isDone) {
      sourceDone(inline = true)
    } else {
      f.whenComplete { _, _ -> if (loop.owned() || loop.isClosed) sourceDone(false) else loop.post { sourceDone(false) } }
    }
  }

  /** A source (or the relayed stage) completed; [inline]: may run now (delivery step, or attach to a done source). */
  fun sourceDone(inline: Boolean) {
    if (isDone) return
    if (phase == RELAYING) {
      if (inline && loop.inlineDepth < MAX_INLINE_DEPTH) runInline() else dispatch(this)
      return
    }
    if (phase != WAITING || scheduled || !ready()) return
    scheduled = true
    if (inline && loop.inlineDepth < MAX_INLINE_DEPTH) runInline() else dispatch(this)
  }

  private fun ready(): Boolean {
    val s = src ?: return false
    val o = other ?: return s.isDone
    return if (kind >= APPLY_EITHER) s.isDone || o.isDone else s.isDone && o.isDone
  }

  private fun runInline() {
    val l = loop
    l.inlineDepth++
    try {
      run()
    } finally {
      l.inlineDepth--
    }
  }

  private fun dispatch(r: Runnable) {
    if (loop.isClosed) r.run() else loop.schedule(r)
  }

  // ---- the continuation ------------------------------------------------------------------------

  /**
   * Completes this stage from its own continuation: the stages and the task awaiting it go on in
   * this same step (synchronous code after a stage is not a suspension point; only a pending
   * future is), up to [MAX_INLINE_DEPTH] nested.
   */
  private fun settle(v: T?, e: Throwable?): Boolean = completeDelivering(v, e)

  override fun run() {
    if (isDone) return
    if (phase == RELAYING) {
      finishRelay()
      return
    }
    if (phase != WAITING) return
    val l = loop
    val old = l.currentTask
    if (l.inLoop()) l.currentTask = task
    try {
      fire()
    } catch (e: Throwable) {
      settle(null, e)
    } finally {
      if (l.inLoop()) l.currentTask = old
    }
  }

  private fun fire() {
    val pc = pendingCancel
    aux = null
    phase = RUNNING
    val s = src!!
    val o = other
    src = null
    if (o != null) other = null
    // the outcome this continuation sees: the source's, or a cancel delivered here
    val first: CompletableFuture<*> = if (kind >= APPLY_EITHER && !s.isDone) o!! else s
    var e: Throwable? = pc ?: failureOf(first)
    val v: Any? = if (e == null) valueOf(first) else null
    var v2: Any? = null
    if (e == null && kind in COMBINE..RUN_BOTH) {
      e = failureOf(o!!)
      if (e == null) v2 = valueOf(o)
    }
    val held = fn
    fn = null
    val ex = (held as? AsyncFn)?.executor
    val f = if (ex != null) (held as AsyncFn).fn else held
    if (ex != null && needsFn(e)) {
      onExecutor(ex, f, v, v2, e)
      return
    }
    val r: Any?
    try {
      r = if (needsFn(e)) compute(f, v, v2, e) else null
    } catch (x: Throwable) {
      afterCompute(null, x, e, v)
      return
    }
    afterCompute(r, null, e, v)
  }

  /** An Async variant: the function runs on [ex]; the stage completes back on the loop. */
  private fun onExecutor(ex: Executor, f: Any?, v: Any?, v2: Any?, e: Throwable?) {
    try {
      ex.execute {
        val r = try {
          Outcome(compute(f, v, v2, e), null)
        } catch (x: Throwable) {
          Outcome(null, x)
        }
        loop.runOrPostIfOpen { afterCompute(r.value, r.error, e, v) }
      }
    } catch (x: Throwable) {
      settle(null, x)
    }
  }

  /** Whether the function runs for this outcome (thenApply skips it on failure, exceptionally on success). */
  private fun needsFn(e: Throwable?): Boolean = when (kind) {
    HANDLE, WHEN -> true
    EXCEPTIONALLY, EXC_COMPOSE -> e != null
    else -> e == null
  }

  @Suppress("UNCHECKED_CAST")
  private fun compute(f: Any?, v: Any?, v2: Any?, e: Throwable?): Any? = when (kind) {
    APPLY, APPLY_EITHER -> (f as Function<Any?, Any?>).apply(v)
    ACCEPT, ACCEPT_EITHER -> { (f as Consumer<Any?>).accept(v); null }
    RUN, RUN_BOTH, RUN_EITHER -> { (f as Runnable).run(); null }
    COMPOSE -> (f as Function<Any?, Any?>).apply(v)
    HANDLE -> (f as BiFunction<Any?, Throwable?, Any?>).apply(v, e)
    WHEN -> { (f as BiConsumer<Any?, Throwable?>).accept(v, e); null }
    EXCEPTIONALLY, EXC_COMPOSE -> (f as Function<Throwable, Any?>).apply(e!!)
    COMBINE -> (f as BiFunction<Any?, Any?, Any?>).apply(v, v2)
    ACCEPT_BOTH -> { (f as BiConsumer<Any?, Any?>).accept(v, v2); null }
    else -> throw AssertionError("stage kind $kind")
  }

  /** On the loop thread: completes this stage from what the function did ([r] or [x]) and the source's outcome. */
  private fun afterCompute(r: Any?, x: Throwable?, e: Throwable?, v: Any?) {
    if (isDone) return
    @Suppress("UNCHECKED_CAST")
    when {
      kind == WHEN -> when {
        e != null -> {
          if (x != null && x !== e) e.addSuppressed(x)
          settle(null, e)
        }
        x != null -> settle(null, x)
        else -> settle(v as T, null)
      }
      x != null -> settle(null, x)
      !needsFn(e) -> if (e != null) settle(null, e) else settle(v as T, null)
      kind == COMPOSE || kind == EXC_COMPOSE -> relayTo(r)
      else -> settle(r as T, null)
    }
  }

  /** thenCompose: this stage now waits for [r], the stage the function returned. */
  private fun relayTo(r: Any?) {
    val g = r as? CompletionStage<*>
      ?: run {
        settle(null, NullPointerException("the thenCompose function returned null instead of a CompletionStage"))
        return
      }
    val cf: CompletableFuture<*>? = try {
      g.toCompletableFuture()
    } catch (e: UnsupportedOperationException) {
      null
    }
    phase = RELAYING
    if (cf != null && cf.isDone) {
      relay = cf
      finishRelay()
      return
    }
    relay = cf
    if (g is FutureImpl<*> && g.loop === loop) {
      g.markRetrieved()
      g.addAwaiter(this)
    } else {
      g.whenComplete(this)
    }
  }

  /**
   * The foreign stage this stage relays completed, on whichever thread completed it. On the loop
   * thread the relay completes inline, nested at most [MAX_INLINE_DEPTH] deep (a foreign stage
   * completes its dependents inside its own completion, so a chain that alternates foreign and
   * loop stages would otherwise recurse once per level); deeper, or from another thread, it is
   * scheduled ([run] finishes the relay from [relay], which is done).
   */
  override fun accept(v: Any?, e: Throwable?) {
    val l = loop
    if (relay == null) {
      // a stage that has no CompletableFuture form: complete from what it reported
      @Suppress("UNCHECKED_CAST")
      l.runOrPostIfOpen { settle(v as T?, e) }
      return
    }
    if (l.inLoop() && l.inlineDepth < MAX_INLINE_DEPTH) {
      l.inlineDepth++
      try {
        finishRelay()
      } finally {
        l.inlineDepth--
      }
    } else if (l.owned() || l.isClosed) {
      finishRelay() // no loop thread to hop to
    } else {
      l.schedule(this)
    }
  }

  @Suppress("UNCHECKED_CAST")
  private fun finishRelay() {
    if (isDone) return
    val g = relay ?: return
    relay = null
    val e = failureOf(g)
    if (e != null) settle(null, e) else settle(valueOf(g) as T, null)
  }

  // ---- cancellation ----------------------------------------------------------------------------

  override fun cancel(msg: String?): Boolean = onLoopOrPosted { cancelOnLoop(msg) }

  /**
   * Cancels what this stage waits for, so the CancelledError flows down the chain from there; if
   * that already completed, the cancel is delivered at this stage's continuation.
   *
   * A recursive `thenCompose` chain is one stage waiting on the next, thousands deep: the walk down
   * to the wait is a loop, not a recursion. Each stage on the way would only have passed the cancel
   * on; when the bottom refuses it, the stages above get their own say from the deepest up, as the
   * recursion would have given it, and the first that takes it ends the walk.
   */
  private fun cancelOnLoop(msg: String?): Boolean {
    var path: ArrayList<StageFuture<*>>? = null
    var cur: StageFuture<*> = this
    while (true) {
      val up = cur.soleStageUpstream() ?: break
      (path ?: ArrayList<StageFuture<*>>().also { path = it }).add(cur)
      cur = up
    }
    var ok = cur.cancelHere(msg)
    val p = path ?: return ok
    var i = p.size - 1
    while (!ok && i >= 0) {
      ok = p[i].cancelWhenUpstreamRefused(msg)
      i--
    }
    return ok
  }

  /** The one stage of this loop this stage would pass a cancel to first, or null. Loop thread. */
  private fun soleStageUpstream(): StageFuture<*>? {
    if (isDone) return null
    val up = when (phase) {
      RELAYING -> relay
      WAITING -> if (scheduled || other != null) null else src
      else -> null
    }
    return if (up is StageFuture<*> && up.loop === loop && !up.isDone) up else null
  }

  /** What this stage does when the upstream it passed the cancel to did not take it. */
  private fun cancelWhenUpstreamRefused(msg: String?): Boolean {
    if (isDone) return false
    return when (phase) {
      WAITING -> {
        pendingCancel = CancelledError(msg)
        if (!scheduled) {
          scheduled = true
          dispatch(this)
        }
        true
      }
      else -> completeInternal(null, CancelledError(msg))
    }
  }

  /** The cancel of one stage, passing it to what it waits for (recursing only through other kinds). */
  private fun cancelHere(msg: String?): Boolean {
    if (isDone) return false
    when (phase) {
      WAITING -> {
        if (!scheduled) {
          var delivered = false
          val s = src
          if (s != null && !s.isDone && cancelUpstream(s, msg)) delivered = true
          val o = other
          if (o != null && !o.isDone && cancelUpstream(o, msg)) delivered = true
          if (delivered) return true
        }
        pendingCancel = CancelledError(msg)
        if (!scheduled) {
          // nothing to wait for any more (an upstream that cannot be cancelled): run now, cancelled
          scheduled = true
          dispatch(this)
        }
        return true
      }
      RELAYING -> {
        val g = relay
        if (g != null && !g.isDone && cancelUpstream(g, msg)) return true
        return completeInternal(null, CancelledError(msg))
      }
      else -> return completeInternal(null, CancelledError(msg)) // the function runs on an executor
    }
  }

  private class Outcome(@JvmField val value: Any?, @JvmField val error: Throwable?)

  /** An Async variant's function with the executor it runs on. */
  private class AsyncFn(@JvmField val fn: Any?, @JvmField val executor: Executor)

  internal companion object {
    const val WAITING = 0
    const val RUNNING = 1
    const val RELAYING = 2

    private const val KIND_MASK = 0xff
    private const val PHASE_MASK = 0xff00
    private const val SCHEDULED = 0x10000

    // single source
    const val APPLY = 0
    const val ACCEPT = 1
    const val RUN = 2
    const val COMPOSE = 3
    const val HANDLE = 4
    const val WHEN = 5
    const val EXCEPTIONALLY = 6
    const val EXC_COMPOSE = 7

    // both sources (COMBINE..RUN_BOTH)
    const val COMBINE = 8
    const val ACCEPT_BOTH = 9
    const val RUN_BOTH = 10

    // either source (>= APPLY_EITHER)
    const val APPLY_EITHER = 11
    const val ACCEPT_EITHER = 12
    const val RUN_EITHER = 13

    /** Cancels an upstream stage the way asyncio cancels an awaited future. */
    fun cancelUpstream(f: CompletableFuture<*>, msg: String?): Boolean =
      if (f is io.jasyncio.Future<*>) f.cancel(msg) else f.cancel(false)

    /** The failure of a done future, unwrapped (null on success). */
    fun failureOf(f: CompletableFuture<*>): Throwable? {
      if (f is FutureImpl<*>) {
        f.markRetrieved()
        return f.failure
      }
      if (!f.isCompletedExceptionally) return null
      return try {
        f.join()
        null
      } catch (e: CancellationException) {
        normalize(e)
      } catch (e: CompletionException) {
        normalize(e)
      }
    }

    /** The value of a done future that did not fail. */
    fun valueOf(f: CompletableFuture<*>): Any? = if (f is FutureImpl<*>) f.valueForStage() else f.join()
  }
}

/** A stage with two sources (thenCombine, applyToEither, ...): the one kind that needs [other]. */
internal class BiStageFuture<T>(
  loop: EventLoopImpl,
  kind: Int,
  fn: Any?,
  src: CompletableFuture<*>,
  other: CompletableFuture<*>,
  executor: Executor?,
) : StageFuture<T>(loop, kind, fn, src, executor) {
  override var other: CompletableFuture<*>? = other
}

/** Runs [r] now on the loop thread (or with no running loop), else posts it. */
internal fun EventLoopImpl.runOrPostIfOpen(r: Runnable) {
  if (owned() || isClosed) r.run() else post(r)
}
