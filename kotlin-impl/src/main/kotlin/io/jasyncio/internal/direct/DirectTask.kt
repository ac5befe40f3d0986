package io.jasyncio.internal.direct

import io.jasyncio.CancelledError
import io.jasyncio.DirectCallable
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.future.StageFuture
import io.jasyncio.internal.task.TaskImpl
import java.util.concurrent.CompletionStage
import java.util.concurrent.locks.LockSupport

/**
 * A task whose body is straight-line Java ([DirectCallable]) that waits with `Asyncio.await`.
 *
 * ## The hand-off (lock-step)
 * The body runs on a thread of its own ([DirectThreads]) but only while it holds the loop's
 * *baton*. A step of the task (scheduled like any task step, or run inline by the loop step that
 * delivers a grant) is taken by the thread that holds the baton — the loop thread, or another
 * body that eagerly created this task or delivered to it — the *resumer*. The resumer:
 *  1. stores the outcome the body's `await` is to see, sets `loop.thread` to the body's thread and
 *     `loop.currentTask` to this task (so every "am I on the loop thread?" check passes in the
 *     body: it is the loop thread for as long as it runs);
 *  2. writes [turn] = BODY and unparks the body (or starts its thread, the first time);
 *  3. parks until [turn] is LOOP again, then restores `loop.thread` and `currentTask`.
 * The body, at a suspending `await`, registers on the future, writes [turn] = LOOP, unparks the
 * resumer and parks until [turn] is BODY. The volatile [turn] orders everything either side wrote
 * before the hand-over, so loop-confined state needs no lock; nothing on this path is
 * `synchronized` (that would pin a carrier thread before JDK 24). Only one of the two threads is
 * ever runnable, hence asyncio's guarantee: at most one callback or body of a loop runs at once.
 *
 * ## Cancellation (asyncio's `Task.__step`)
 * [waiting] is asyncio's `_fut_waiter`: `cancel()` cancels it and the body sees the
 * CancelledError it ends with. If nothing is awaited (the body runs, or the task has not started)
 * or the awaited future cannot be cancelled any more (it is done, its wake-up is scheduled), the
 * request is kept in [mustCancel]: it wins over the awaited outcome at the next step (CPython
 * throws it into the coroutine instead of the result), or, if the body is running, it cancels the
 * next future the body suspends on. An await of a done stage does not suspend and so delivers
 * nothing, as in CPython: in particular a value a primitive already handed over (an uncontended
 * acquire, an item already queued) is never dropped. A grant delivered by a primitive's delivery
 * step resumes the body in that same step ([FutureImpl.notifyInline]), so no cancel can fall
 * between the hand-over and the body having the value.
 */
internal class DirectTask<T>(loop: EventLoopImpl, name: String?, private val body: DirectCallable<T>) :
  TaskImpl<T>(loop, name), Runnable, FutureListener {
  /** The body's thread, once its first step ran. */
  internal var thread: Thread? = null
    private set

  /** The thread that took the current step and waits to get the baton back. */
  private var resumer: Thread? = null

  /** The loop's [Carrier] if this body's thread is carried by the loop's own thread, else null. */
  internal var carrier: Carrier? = null
    private set

  /** True if the [resumer] is the platform thread running this body's continuation ([Carrier.drive]). */
  private var resumerDrives = false

  /** Who may run: [BODY] or [LOOP] (the resumer). Written only by the side giving the baton away. */
  @Volatile
  private var turn = LOOP

  private var started = false

  /** The future the body is suspended on (asyncio `_fut_waiter`). Baton holder only. */
  private var waiting: FutureImpl<*>? = null

  /** A cancel not yet delivered (asyncio `_must_cancel`). Baton holder only. */
  private var mustCancel: CancelledError? = null

  /** What the body's await returns or throws when it is resumed. */
  private var resumeValue: Any? = null
  private var resumeError: Throwable? = null

  /** Set once the loop closed under a suspended body: every await throws this at once. */
  private var closedError: CancelledError? = null

  fun start() {
    loop.registerTask(this)
    loop.schedule(this)
  }

  /** Eager start: the body runs now, on its thread, until its first suspension. Baton holder only. */
  fun startEager() {
    loop.registerTask(this)
    step()
  }

  /** What the body awaits now (introspection). */
  internal val awaited: FutureImpl<*>? get() = waiting

  /** A scheduled step: the first one, or the wake-up after the awaited future completed. */
  override fun run() {
    if (!isDone) step()
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    if (f !== waiting || isDone) return
    // a grant or a wake-up delivered by this very step: resume now, so no cancel comes between
    if (f.notifyInline) step() else loop.schedule(this)
  }

  private fun step() {
    if (!started) {
      started = true
      // cancelled before its first step: the body never runs (asyncio)
      mustCancel?.let { finish(null, it); return }
    } else {
      val w = waiting ?: return // a stale wake-up: the body is not suspended
      waiting = null
      w.removeListener(this)
      val mc = mustCancel
      if (mc != null) {
        // asyncio: a pending cancel is thrown into the coroutine instead of the awaited outcome
        mustCancel = null
        resumeError = if (w.isCancelled) w.failure else mc
      } else if (w.isDone) {
        w.markRetrieved()
        resumeError = w.failure
        resumeValue = if (w.failure == null) StageFuture.valueOf(w) else null
      } else {
        resumeError = IllegalStateException("direct task resumed while its future is pending: $w")
      }
    }
    handOff()
  }

  /** Gives the baton to the body and waits until it gives it back. */
  private fun handOff() {
    val me = Thread.currentThread()
    val l = loop
    val prevThread = l.thread
    val prevTask = l.currentTask
    var t = thread
    val first = t == null
    if (t == null) {
      t = try {
        val c = Direct.carrierFor(l, me)
        carrier = c
        c?.newBody(this) ?: DirectThreads.newThread(BodyMain(this))
      } catch (e: Throwable) {
        finish(null, e) // no thread to be had (out of memory, thread limit)
        return
      }
      thread = t
    }
    val c = carrier
    // who runs the body's continuation while this thread waits: the JDK's scheduler (park), this
    // very platform thread (drive), or, for a carried body resumed from a virtual thread that is
    // not carried itself, a platform thread started for the purpose
    val mode = when {
      c == null -> WAIT
      me === l.platformThread -> DRIVE
      Carrier.carriedBody()?.carrier === c -> WAIT // a carried body: parking yields to the driver
      DirectThreads.isVirtual(me) -> DRIVE_ELSEWHERE
      else -> DRIVE
    }
    if (mode == DRIVE) c!!.willDrive(me)
    resumer = me
    resumerDrives = mode == DRIVE
    l.currentTask = this
    l.thread = t
    turn = BODY
    if (first) t.start() else LockSupport.unpark(t)
    when (mode) {
      DRIVE -> c!!.drive(this)
      DRIVE_ELSEWHERE -> c!!.driveFromVirtual(this)
      else -> {
        var interrupted = false
        while (turn != LOOP) {
          LockSupport.park(this)
          if (Thread.interrupted()) interrupted = true
        }
        if (interrupted) me.interrupt()
      }
    }
    l.thread = prevThread
    l.currentTask = prevTask
  }

  /** True once the body gave the baton back ([Carrier.drive]'s end condition). */
  internal fun batonReturned(): Boolean = turn == LOOP

  /** On the body's thread: gives the baton back and waits for the next step (unless [last]). */
  private fun yieldToResumer(last: Boolean) {
    val r = resumer!!
    resumer = null
    turn = LOOP
    if (!resumerDrives) LockSupport.unpark(r) // a driving resumer sees [turn] when this continuation yields
    if (last) return
    // [turn] is LOOP: park before testing it. A test ahead of the first park would only ever see
    // LOOP while bodies pile up (100,000 waiters parking, none resumed yet), and the JIT would
    // compile its other branch as a trap that every one of them hits, one deoptimisation each,
    // when they resume. A resumer that was quicker left a permit: the park returns at once.
    LockSupport.park(this)
    var interrupted = Thread.interrupted()
    while (turn != BODY) {
      LockSupport.park(this)
      if (Thread.interrupted()) interrupted = true
    }
    if (interrupted) Thread.currentThread().interrupt()
  }

  /**
   * The body's thread when it is not carried ([Carrier.BodyScheduler] is a carried one's): the
   * thread-locals tell the body's code its task and loop.
   */
  private class BodyMain(private val task: DirectTask<*>) : Runnable {
    override fun run() {
      CURRENT.set(task)
      EventLoopImpl.RUNNING.set(task.loop)
      task.runBody()
    }
  }

  /** The body's thread: runs the body, finishes the task while holding the baton, hands it back. */
  internal fun runBody() {
    var v: T? = null
    var e: Throwable? = null
    try {
      v = body.call()
    } catch (x: Throwable) {
      e = x
    }
    // asyncio: a coroutine that returns while a cancel is pending ends cancelled
    if (e == null) mustCancel?.let { e = it }
    mustCancel = null
    try {
      finish(v, e)
    } catch (x: Throwable) {
      loop.callExceptionHandler(io.jasyncio.ExceptionContext("Exception while finishing $this", x, this, null))
    }
    yieldToResumer(last = true)
  }

  /** `Asyncio.await` in this task's body (the caller holds the baton). */
  fun <R> await(stage: CompletionStage<R>): R {
    closedError?.let { throw it }
    val f: FutureImpl<R> = if (stage is FutureImpl<R> && stage.loop === loop) {
      stage
    } else {
      if (loop.isClosed) throw closedErrorNow()
      loop.ensureFuture(stage)
    }
    if (f.isDone) return f.outcomeForKotlin() // no suspension, as awaiting a done asyncio future
    if (loop.isClosed) throw closedErrorNow()
    f.markRetrieved()
    waiting = f
    f.addListener(this)
    // a cancel that landed while the body ran is delivered to the first future it suspends on
    mustCancel?.let { if (StageFuture.cancelUpstream(f, it.message)) mustCancel = null }
    yieldToResumer(last = false)
    val e = resumeError
    val v = resumeValue
    resumeError = null
    resumeValue = null
    if (e != null) throw e
    @Suppress("UNCHECKED_CAST")
    return v as R
  }

  private fun closedErrorNow(): CancelledError = CancelledError("Event loop is closed").also { closedError = it }

  override fun requestCancel(msg: String?): Boolean {
    if (isDone) return false
    cancelRequests++
    val w = waiting
    if (w != null && !w.isDone && StageFuture.cancelUpstream(w, msg)) return true
    mustCancel = CancelledError(msg)
    return true
  }

  override fun uncancel(): Int {
    val n = super.uncancel()
    if (n == 0) mustCancel = null
    return n
  }

  /**
   * The loop closed while this body is suspended (or was never started): resume it with a
   * CancelledError so that its `finally` blocks run and its thread ends. The caller is the thread
   * closing the loop (the loop has no running thread now, so it owns the loop).
   */
  internal fun abandonOnClose() {
    if (isDone) return
    if (!started) return // never ran: no thread to end; stays pending, as a chain task does
    val w = waiting ?: return
    waiting = null
    w.removeListener(this)
    mustCancel = null
    resumeError = closedErrorNow()
    handOff()
    // the body gave the baton back for the last time: its thread only returns now
    val t = thread
    if (isDone && t != null) DirectThreads.joinUninterruptibly(t)
  }

  override fun describe(): String = "Task '${getName()}' (direct)"

  internal companion object {
    private const val LOOP = 0
    private const val BODY = 1

    private const val WAIT = 0
    private const val DRIVE = 1
    private const val DRIVE_ELSEWHERE = 2

    /** The direct task whose body runs on this thread, for a body not carried by its loop ([current]). */
    @JvmField
    val CURRENT: ThreadLocal<DirectTask<*>?> = ThreadLocal()

    /** The direct task whose body runs on the current thread, or null. */
    @JvmStatic
    fun current(): DirectTask<*>? = Carrier.carriedBody() ?: CURRENT.get()
  }
}
