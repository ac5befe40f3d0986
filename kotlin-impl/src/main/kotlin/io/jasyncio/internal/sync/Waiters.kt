package io.jasyncio.internal.sync

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ForkJoinPool
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.locks.ReentrantLock
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/*
 * The one waiter mechanism that every primitive (Lock, Event, Condition, Semaphore, Barrier) and
 * every queue parks on, so that FIFO fairness and "a cancelled waiter consumes nothing" are
 * written once.
 *
 * A primitive guards its state and its WaitQueues with one ReentrantLock (SyncCore.lock). A
 * parked party is a Waiter: a Kotlin continuation (any dispatcher), a future of the loop the
 * Java caller runs on, or a plain-thread future. Waking is two-phase:
 *
 *  1. under the lock the primitive *grants* the head waiter a value (WaitQueue.grantFirst): an
 *     atomic claim that fails when the waiter was cancelled meanwhile, in which case the next
 *     waiter is tried; the winner is unlinked and the primitive's state already reflects the
 *     hand-over (the lock is owned by it, the item is gone from the buffer...);
 *  2. after the lock is released the grant is *delivered* (Waiter.deliver): the continuation is
 *     resumed through its own dispatcher, the loop future is completed on its own loop thread.
 *     No user code ever runs under a primitive's lock.
 *
 * A waiter cancelled after the grant but before it resumed — a Kotlin coroutine (kotlinx's
 * prompt cancellation) or a Java loop future whose delivery step has not run yet — never sees the
 * value: the primitive's Undelivered hook gets it back (the lock is passed on, the queue's promise
 * goes to the next getter, the notification goes to the next waiter). The delivery of a Java loop
 * future runs the stages attached to it in the same step (Stages.kt), so there is no window
 * between the hand-over and the first continuation. A plain-thread future is claimed by the
 * grant, so a later cancel() of it returns false and the value is delivered.
 */

/** Takes back a value granted to a Kotlin waiter that was cancelled before it resumed. */
internal fun interface Undelivered<in T> {
  fun onUndelivered(value: T)
}

/** One parked party; linked in at most one [WaitQueue], guarded by the owning primitive's lock. */
internal abstract class Waiter<T> {
  @JvmField internal var prev: Waiter<T>? = null

  @JvmField internal var next: Waiter<T>? = null

  /** The queue this waiter is linked in, or null (granted, failed, removed). */
  @JvmField internal var queue: WaitQueue<T>? = null

  /** Primitive-specific data (the item a putter carries, a requested count...). */
  @JvmField internal var payload: Any? = null

  /** Under the lock: claims this waiter for [value]; false if it was cancelled meanwhile. */
  abstract fun tryGrant(value: T): Boolean

  /** Under the lock: claims this waiter for failure [e]; false if it was cancelled meanwhile. */
  abstract fun tryFail(e: Throwable): Boolean

  /** Outside the lock: hands over what [tryGrant]/[tryFail] claimed. */
  abstract fun deliver()

  /** True if a linked waiter stopped waiting by itself (cancelled, or its future completed by its user); such a waiter is skipped. */
  abstract val isCancelled: Boolean
}

/**
 * A suspended Kotlin coroutine: the grant is kotlinx's `tryResume` under the lock, the delivery
 * its `completeResume` after unlocking, so the coroutine resumes through its own dispatcher.
 */
internal abstract class KotlinWaiter<T>(private val c: CancellableContinuation<*>) : Waiter<T>() {
  /** The claim of [tryGrant]/[tryFail], completed by [deliver]. */
  @JvmField protected var token: Any? = null

  override fun tryFail(e: Throwable): Boolean {
    val t = c.tryResumeWithException(e) ?: return false
    token = t
    return true
  }

  override fun deliver() {
    val t = token ?: return
    token = null
    c.completeResume(t)
  }

  override val isCancelled: Boolean get() = !c.isActive
}

/** A Kotlin waiter resumed with the granted value itself (a queue's item, a barrier index). */
internal class ContWaiter<T>(
  @JvmField val cont: CancellableContinuation<T>,
  private val undelivered: Undelivered<T>?,
) : KotlinWaiter<T>(cont), (Throwable, T, CoroutineContext) -> Unit {
  override fun tryGrant(value: T): Boolean {
    val t = cont.tryResume(value, null, if (undelivered == null) null else this) ?: return false
    token = t
    return true
  }

  /** Prompt cancellation: granted, then cancelled before it ran. */
  override fun invoke(cause: Throwable, value: T, context: CoroutineContext) {
    undelivered?.onUndelivered(value)
  }
}

/**
 * A Kotlin waiter that needs no value (lock, permit, event): resumed with Unit, so the
 * primitive's Kotlin fast path can tail-call into the suspension (no continuation frame per
 * wait). A grant overtaken by a cancellation gives the granted value back to [undelivered].
 */
internal class UnitContWaiter<T>(
  @JvmField val cont: CancellableContinuation<Unit>,
  private val undelivered: Undelivered<T>?,
) : KotlinWaiter<T>(cont), (Throwable, Unit, CoroutineContext) -> Unit {
  private var granted: T? = null

  override fun tryGrant(value: T): Boolean {
    granted = value // before the claim: a cancellation right after it may hand the value back
    val t = cont.tryResume(Unit, null, if (undelivered == null) null else this)
    if (t == null) {
      granted = null
      return false
    }
    token = t
    return true
  }

  /** Prompt cancellation: granted, then cancelled before it ran. */
  override fun invoke(cause: Throwable, value: Unit, context: CoroutineContext) {
    @Suppress("UNCHECKED_CAST")
    undelivered?.onUndelivered(granted as T)
  }
}

/**
 * Computes, when a grant is delivered, the value a Java caller's future completes with (a queue
 * getter takes its reserved item then, a putter stores its item then); may throw, failing the
 * future. Runs outside the primitive's lock, on the thread that delivers.
 */
/** What a [Resume] hook returns when it linked its waiter again instead of completing it. */
internal val RETRY = Any()

internal fun interface Resume<T> {
  fun resume(granted: T, w: Waiter<T>): Any?
}

/**
 * A Java caller's waiter whose future completes with the granted value, or with what [resume]
 * computes from it at delivery.
 */
internal abstract class FutureWaiter<T>(@JvmField protected val resume: Resume<T>?) : Waiter<T>() {
  @JvmField protected var value: T? = null
  @JvmField protected var error: Throwable? = null

  /** The atomic claim a grant or failure makes; false if the waiter stopped waiting first. */
  protected abstract fun claim(): Boolean

  // the value is set before the claim: a withdrawal right after it hands the value back
  override fun tryGrant(value: T): Boolean {
    this.value = value
    if (claim()) return true
    this.value = null
    return false
  }

  override fun tryFail(e: Throwable): Boolean {
    error = e
    if (claim()) return true
    error = null
    return false
  }

  /** Set by [outcome] when it failed: [resume] threw. */
  @JvmField protected var outcomeError: Throwable? = null

  /** The granted value (or [resume]'s result) as the future's value; on failure, null and [outcomeError] set. */
  protected fun outcome(): Any? {
    val e = error
    if (e != null) {
      outcomeError = e
      return null
    }
    val r = resume ?: return value
    @Suppress("UNCHECKED_CAST")
    return try {
      r.resume(value as T, this)
    } catch (x: Throwable) {
      outcomeError = x
      null
    }
  }
}

/**
 * A Java caller on a loop thread: a future of that loop. The grant marks the waiter GRANTED (an
 * atomic claim from any thread, under the primitive's lock); the delivery is one callback on the
 * waiter's loop that completes the future and runs the stages attached to it in that same step
 * ([FutureImpl.completeDelivering]). Until that callback ran, the waiter can still be withdrawn:
 * a cancel (or a completion by its user) then gives the grant back through [undelivered] — the
 * lock or permit goes to the next waiter, the queue's reservation passes on — exactly as a Kotlin
 * waiter overtaken by a cancellation does. So a cancelled Java wait never consumes anything.
 *
 * States: WAITING -> GRANTED -> DELIVERED, or WAITING/GRANTED -> WITHDRAWN; every transition is a
 * CAS, so grants (any thread), cancels (any thread) and the delivery (loop thread) race safely.
 */
internal class LoopWaiter<T>(
  loop: EventLoopImpl,
  private val core: SyncCore,
  private val undelivered: Undelivered<T>?,
  resume: Resume<T>?,
) : FutureWaiter<T>(resume), Runnable {
  @JvmField val future: WaiterFuture<T> = WaiterFuture(loop, this)

  @Volatile @JvmField internal var state: Int = WAITING

  override fun claim(): Boolean = STATE.compareAndSet(this, WAITING, GRANTED)

  override fun deliver() {
    val loop = future.loop
    if (loop.isClosed) run() else loop.schedule(this)
  }

  /** The delivery, on the loop thread: unless withdrawn meanwhile, completes the future. */
  override fun run() {
    if (!STATE.compareAndSet(this, GRANTED, DELIVERED)) return
    val v = outcome()
    if (v === RETRY) return // the primitive linked this waiter again (Resume)
    val e = outcomeError
    value = null
    error = null
    outcomeError = null
    @Suppress("UNCHECKED_CAST")
    future.completeDelivering(v as T?, e)
  }

  /** From a [Resume] hook, under the primitive's lock: waits again, first in [queue]. */
  fun relink(queue: WaitQueue<T>) {
    value = null
    error = null
    state = WAITING
    queue.addFirst(this)
  }

  /** The caller stopped waiting (cancel, or its own completion): true if nothing was delivered. */
  fun withdraw(): Boolean {
    while (true) {
      when (state) {
        WAITING -> if (STATE.compareAndSet(this, WAITING, WITHDRAWN)) {
          core.removeWaiter(this)
          return true
        }
        GRANTED -> if (STATE.compareAndSet(this, GRANTED, WITHDRAWN)) {
          val v = value
          value = null
          @Suppress("UNCHECKED_CAST")
          if (error == null) undelivered?.onUndelivered(v as T)
          error = null
          return true
        }
        else -> return false
      }
    }
  }

  override val isCancelled: Boolean get() = state == WITHDRAWN

  private companion object {
    const val WAITING = 0
    const val GRANTED = 1
    const val DELIVERED = 2
    const val WITHDRAWN = 3

    val STATE: AtomicIntegerFieldUpdater<LoopWaiter<*>> =
      AtomicIntegerFieldUpdater.newUpdater(LoopWaiter::class.java, "state")
  }
}

/** The future of a [LoopWaiter]: cancelling or completing it withdraws the waiter first. */
internal class WaiterFuture<T>(loop: EventLoopImpl, private val waiter: LoopWaiter<T>) : FutureImpl<T>(loop) {
  override fun cancel(msg: String?): Boolean {
    if (isDone || !waiter.withdraw()) return false
    return super.cancel(msg)
  }

  override fun complete(value: T): Boolean {
    if (isDone || !waiter.withdraw()) return false
    return super.complete(value)
  }

  override fun completeExceptionally(ex: Throwable): Boolean {
    java.util.Objects.requireNonNull(ex, "ex")
    if (isDone || !waiter.withdraw()) return false
    return super.completeExceptionally(ex)
  }
}

/**
 * A Java caller outside any loop (a plain thread): a [CompletableFuture] whose completion is
 * claimed atomically like a loop future's. It is completed on the thread that grants it, unless
 * that thread runs a loop, in which case the completion (and so the caller's dependents) runs on
 * the common pool instead of stealing the loop thread.
 */
internal class ThreadWaiter<T>(private val core: SyncCore, resume: Resume<T>?) : FutureWaiter<T>(resume) {
  @JvmField val future: ClaimFuture<T> = ClaimFuture(this)

  override fun claim(): Boolean = future.tryClaim()

  override fun deliver() {
    if (EventLoopImpl.running() != null) {
      ForkJoinPool.commonPool().execute { complete() }
    } else {
      complete()
    }
  }

  private fun complete() {
    val v = outcome()
    val e = outcomeError
    value = null
    error = null
    outcomeError = null
    @Suppress("UNCHECKED_CAST")
    future.completeClaimed(v as T?, e)
  }

  override val isCancelled: Boolean get() = future.claimed != 0

  internal fun cancelled() {
    core.removeWaiter(this)
  }
}

/** The future a plain-thread waiter returns: user completion and cancel race the grant fairly. */
internal class ClaimFuture<T>(private val owner: ThreadWaiter<T>) : CompletableFuture<T>() {
  @Volatile
  @JvmField
  internal var claimed: Int = 0

  internal fun tryClaim(): Boolean = CLAIMED.compareAndSet(this, 0, 1)

  internal fun completeClaimed(v: T?, e: Throwable?) {
    @Suppress("UNCHECKED_CAST")
    if (e == null) super.complete(v as T) else super.completeExceptionally(e)
  }

  override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
    if (!tryClaim()) return false
    super.cancel(mayInterruptIfRunning)
    owner.cancelled()
    return true
  }

  override fun complete(value: T): Boolean {
    if (!tryClaim()) return false
    super.complete(value)
    owner.cancelled()
    return true
  }

  override fun completeExceptionally(ex: Throwable): Boolean {
    if (!tryClaim()) return false
    super.completeExceptionally(ex)
    owner.cancelled()
    return true
  }

  override fun obtrudeValue(value: T): Unit =
    throw UnsupportedOperationException("a jasyncio waiter future's outcome is set once; obtrudeValue is not supported")

  override fun obtrudeException(ex: Throwable): Unit =
    throw UnsupportedOperationException("a jasyncio waiter future's outcome is set once; obtrudeException is not supported")

  private companion object {
    val CLAIMED: AtomicIntegerFieldUpdater<ClaimFuture<*>> =
      AtomicIntegerFieldUpdater.newUpdater(ClaimFuture::class.java, "claimed")
  }
}

/** An intrusive FIFO of waiters; every call must hold the owning primitive's lock. */
internal class WaitQueue<T> {
  private var head: Waiter<T>? = null
  private var tail: Waiter<T>? = null

  /** Linked waiters, cancelled ones not yet removed included. */
  var size: Int = 0
    private set

  val isEmpty: Boolean get() = head == null

  fun first(): Waiter<T>? = head

  fun addLast(w: Waiter<T>) {
    check(w.queue == null) { "waiter already queued" }
    w.queue = this
    val t = tail
    w.prev = t
    w.next = null
    if (t == null) head = w else t.next = w
    tail = w
    size++
  }

  fun addFirst(w: Waiter<T>) {
    check(w.queue == null) { "waiter already queued" }
    w.queue = this
    val h = head
    w.next = h
    w.prev = null
    if (h == null) tail = w else h.prev = w
    head = w
    size++
  }

  /** Unlinks [w] if it is in this queue; true if it was. */
  fun remove(w: Waiter<T>): Boolean {
    if (w.queue !== this) return false
    val p = w.prev
    val n = w.next
    if (p == null) head = n else p.next = n
    if (n == null) tail = p else n.prev = p
    w.prev = null
    w.next = null
    w.queue = null
    size--
    return true
  }

  fun pollFirst(): Waiter<T>? {
    val h = head ?: return null
    remove(h)
    return h
  }

  /** Unlinks waiters until one accepts [value]; returns it (deliver it after unlocking) or null. */
  fun grantFirst(value: T): Waiter<T>? {
    while (true) {
      val w = pollFirst() ?: return null
      if (w.tryGrant(value)) return w
    }
  }

  /** Drops cancelled waiters at the head; true if a live waiter remains. */
  fun hasLiveWaiter(): Boolean {
    while (true) {
      val h = head ?: return false
      if (!h.isCancelled) return true
      remove(h)
    }
  }

  /** Unlinks every cancelled waiter (not only those at the head); returns how many. */
  fun removeCancelled(): Int {
    var n = 0
    var w = head
    while (w != null) {
      val next = w.next
      if (w.isCancelled) {
        remove(w)
        n++
      }
      w = next
    }
    return n
  }

  /** Live waiters, in order (for statistics and toString). */
  fun liveCount(): Int {
    var n = 0
    var w = head
    while (w != null) {
      if (!w.isCancelled) n++
      w = w.next
    }
    return n
  }

  /** Unlinks every waiter; fails each live one with [e]; returns those to deliver. */
  fun failAll(e: Throwable): List<Waiter<T>> {
    val out = ArrayList<Waiter<T>>(size)
    while (true) {
      val w = pollFirst() ?: return out
      if (w.tryFail(e)) out.add(w)
    }
  }

  /** Unlinks every waiter; grants each live one [value]; returns those to deliver. */
  fun grantAll(value: T): List<Waiter<T>> {
    val out = ArrayList<Waiter<T>>(size)
    while (true) {
      val w = pollFirst() ?: return out
      if (w.tryGrant(value)) out.add(w)
    }
  }
}

/**
 * Base of every primitive and queue: the lock that guards its state and wait queues, and the
 * ways to park a caller (Kotlin suspension, loop future, plain-thread future).
 */
internal abstract class SyncCore {
  @JvmField internal val lock: ReentrantLock = ReentrantLock()

  /** Removes a waiter that stopped waiting (cancelled); the primitive may react in [onWaiterRemoved]. */
  internal fun removeWaiter(w: Waiter<*>) {
    lock.lock()
    try {
      @Suppress("UNCHECKED_CAST")
      val q = w.queue as WaitQueue<Any?>? ?: return
      q.remove(w as Waiter<Any?>)
      onWaiterRemoved(w)
    } finally {
      lock.unlock()
    }
  }

  /** Under the lock: a cancelled waiter left its queue before any grant (e.g. Barrier bookkeeping). */
  protected open fun onWaiterRemoved(w: Waiter<*>) {}

  /**
   * Parks the calling coroutine in [queue]. The caller holds [lock] (having seen it must wait);
   * it is released here once the waiter is linked. [undelivered] takes back a grant that a
   * cancellation overtook.
   */
  internal suspend fun <T> parkKotlin(
    queue: WaitQueue<T>,
    undelivered: Undelivered<T>?,
    payload: Any? = null,
    first: Boolean = false,
  ): T =
    suspendCancellableCoroutine { cont ->
      val w = ContWaiter(cont, undelivered)
      w.payload = payload
      try {
        if (first) queue.addFirst(w) else queue.addLast(w)
        // if already cancelled, this runs at once (the lock is reentrant) and unlinks w
        cont.invokeOnCancellation { removeWaiter(w) }
      } finally {
        lock.unlock()
      }
    }

  /**
   * Links [cont] as a waiter that needs no value (lock, permit, event) and releases [lock]; called
   * by [parkUnit] (TailSuspend.kt), which the primitive's Unit function tail-calls, so the caller's
   * chain suspends with no continuation frame and no dispatched continuation allocated per wait.
   * The caller holds [lock] (having seen it must wait).
   */
  internal fun <T> linkKotlinUnit(cont: CancellableContinuation<Unit>, queue: WaitQueue<T>, undelivered: Undelivered<T>?) {
    try {
      val w = UnitContWaiter(cont, undelivered)
      queue.addLast(w)
      // if already cancelled, this runs at once (the lock is reentrant) and unlinks w
      cont.invokeOnCancellation { removeWaiter(w) }
    } finally {
      lock.unlock()
    }
  }

  /**
   * Like [parkKotlin], then runs [then] once the waiter is linked and [lock] released, before
   * suspending (a Condition releases its user lock there, so no notification can slip between the
   * release and the linking). If [then] returns false the wait fails with [failure] unless a grant
   * won the race.
   */
  internal suspend fun <T> parkKotlinThen(
    queue: WaitQueue<T>,
    undelivered: Undelivered<T>?,
    then: () -> Boolean,
    failure: () -> Throwable,
  ): T =
    suspendCancellableCoroutine { cont ->
      val w = ContWaiter(cont, undelivered)
      try {
        queue.addLast(w)
        cont.invokeOnCancellation { removeWaiter(w) }
      } finally {
        lock.unlock()
      }
      if (!then()) cont.cancel(failure())
    }

  /**
   * Parks a Java caller in [queue] and returns its future: a future of the running loop when
   * called on a loop thread, else a plain-thread future. The caller holds [lock]; it is released
   * here. [undelivered] takes back a grant whose loop future was cancelled before delivery;
   * [resume] computes the future's value at delivery.
   */
  internal fun <T> parkJava(
    queue: WaitQueue<T>,
    payload: Any? = null,
    undelivered: Undelivered<T>? = null,
    resume: Resume<T>? = null,
  ): CompletableFuture<T> {
    try {
      val loop = EventLoopImpl.running()
      return if (loop != null) {
        val w = LoopWaiter(loop, this, undelivered, resume)
        w.payload = payload
        queue.addLast(w)
        w.future
      } else {
        val w = ThreadWaiter<T>(this, resume)
        w.payload = payload
        queue.addLast(w)
        w.future
      }
    } finally {
      lock.unlock()
    }
  }

  /** A Java fast path: an already completed future (a loop future on a loop thread). */
  internal fun <T> completedJava(value: T): CompletableFuture<T> {
    val loop = EventLoopImpl.running() ?: return CompletableFuture.completedFuture(value)
    val f = FutureImpl<T>(loop)
    f.completeInternal(value, null)
    return f
  }

  /** A Java fast path: an already failed future (a loop future on a loop thread). */
  internal fun <T> failedJava(e: Throwable): CompletableFuture<T> {
    val loop = EventLoopImpl.running() ?: return CompletableFuture.failedFuture(e)
    val f = FutureImpl<T>(loop)
    f.markRetrieved()
    f.completeInternal(null, e)
    return f
  }
}

/** Delivers grants collected under a lock, after it was released. */
internal fun <T> deliverAll(ws: List<Waiter<T>>) {
  for (w in ws) w.deliver()
}
