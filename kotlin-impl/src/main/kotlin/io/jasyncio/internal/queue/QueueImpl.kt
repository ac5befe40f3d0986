package io.jasyncio.internal.queue

import io.jasyncio.Queue
import io.jasyncio.QueueEmpty
import io.jasyncio.QueueFull
import io.jasyncio.QueueShutDown
import io.jasyncio.QueueStatistics
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.sync.LoopWaiter
import io.jasyncio.internal.sync.RETRY
import io.jasyncio.internal.sync.Resume
import io.jasyncio.internal.sync.SyncCore
import io.jasyncio.internal.sync.ThreadWaiter
import io.jasyncio.internal.sync.Undelivered
import io.jasyncio.internal.sync.WaitQueue
import io.jasyncio.internal.sync.Waiter
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Flow
import java.util.function.Function

/*
 * The queue family on the shared waiter mechanism (Waiters.kt). One implementation; FIFO, LIFO and
 * priority differ only in the buffer hooks (count/add/take/clear).
 *
 * State, all guarded by `lock`: the buffer, `reservedPuts` (room promised to putters that have not
 * resumed yet), `reservedGets` (items promised to getters that have not resumed yet), `unfinished`
 * (asyncio's _unfinished_tasks), the three wait queues and the shutdown flags.
 *
 * Items leave the buffer only from its head, taken by a consumer that is running. This is the
 * invariant behind two promises:
 *  - nothing is lost: a getter is granted a *reservation* (one of the items in the buffer is
 *    promised to it, counted in `reservedGets`), not the item; it takes the head item when it
 *    resumes (a Kotlin coroutine after its suspension; a Java loop future in the loop step that
 *    completes it and runs its stages). A getter cancelled between the grant and that moment
 *    passes its reservation to the next live getter; the item never moved.
 *  - per-producer FIFO: as the buffer's order is the only order items leave in, every consumer
 *    sees one producer's items in the order they were put (asyncio's Queue keeps items in the
 *    buffer until the woken getter runs, for the same reason). Handing an item to a waiting getter
 *    directly and giving it back on a late cancel broke this: a later item could be taken first.
 * As in asyncio, getNowait (and a get that need not wait) may take an item a woken getter was
 * promised: the woken getter, finding the buffer empty when it resumes, waits again at the head
 * of the line. Refusing the barge would make a cancelled get visible (an item put, promised to a
 * getter that is then cancelled, could not be taken in between), which Lincheck catches.
 * A plain-thread Java getter cannot be cancelled once granted, so it is granted the head item
 * itself.
 *
 * Putters. A putter is granted one slot of room (counted in `reservedPuts`) and stores its own item
 * when it resumes; a cancellation that overtakes the grant passes the room to the next putter.
 * So a put stores its item and returns, or stores nothing and throws: never both, never neither.
 * A plain-thread Java putter's future is claimed by the grant (no cancellation can overtake it),
 * so its item is stored at the grant.
 *
 * Wake-ups found under the lock are recorded (d1, d2, more) and delivered by unlockAndDeliver()
 * once the lock is released, without allocating on the common paths.
 */
private val PARK = Any()

private val UNFINISHED: java.util.concurrent.atomic.AtomicIntegerFieldUpdater<QueueImpl<*>> =
  java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(QueueImpl::class.java, "unfinished")

internal abstract class QueueImpl<E>(maxsize: Int) : SyncCore(), Queue<E> {
  private val max: Int = if (maxsize > 0) maxsize else 0

  private val getters = WaitQueue<Any?>()
  private val putters = WaitQueue<Any?>()
  private val joiners = WaitQueue<Any?>()
  private var reservedPuts = 0
  private var reservedGets = 0
  /** asyncio's _unfinished_tasks: raised under the lock, lowered by taskDone without it. */
  @Volatile @JvmField internal var unfinished: Int = 0
  private var isShutdown = false
  private var dropItems = false

  private var d1: Waiter<*>? = null
  private var d2: Waiter<*>? = null
  private var more: ArrayList<Waiter<*>>? = null

  // ---- buffer hooks, called under the lock ----

  /** Items in the buffer. */
  protected abstract val count: Int

  /** Stores [item]; must store nothing if it throws. */
  protected abstract fun add(item: E)

  /** Removes the next item; the buffer is not empty. */
  protected abstract fun take(): E

  /** Returns an item a consumer took but never handed on, where it came from. */
  protected abstract fun giveBack(item: E)

  /** Drops every item; returns how many. */
  protected abstract fun clear(): Int

  /** Outside the lock: rejects an item the buffer can never hold (priority ordering). */
  protected open fun checkItem(item: E) {}

  /** Under the lock: throws what [add] would throw for [item], storing nothing. */
  protected open fun probe(item: E) {}

  protected open fun kind(): String = "Queue"

  // ---- wake-ups ----

  private fun wake(w: Waiter<*>?) {
    if (w == null) return
    when {
      d1 == null -> d1 = w
      d2 == null -> d2 = w
      else -> (more ?: ArrayList<Waiter<*>>().also { more = it }).add(w)
    }
  }

  private fun unlockAndDeliver() {
    val a = d1
    val b = d2
    val m = more
    d1 = null
    d2 = null
    more = null
    lock.unlock()
    a?.deliver()
    b?.deliver()
    if (m != null) for (w in m) w.deliver()
  }

  // ---- state transitions, under the lock ----

  private fun isFull(): Boolean = max > 0 && count + reservedPuts >= max

  /** Stores [item], counts it unfinished, and promises it to the first live getter, if any. */
  private fun storeLocked(item: E) {
    add(item)
    UNFINISHED.incrementAndGet(this)
    grantGetterLocked()
  }

  /** Promises the items no woken getter is promised yet to the first live getters. */
  private fun grantGetterLocked() {
    var took = false
    while (count > reservedGets) {
      val w = getters.pollFirst() ?: break
      if (w is ThreadWaiter<*>) {
        val item = take()
        if (w.tryGrant(item)) {
          took = true
          wake(w)
        } else {
          giveBack(item) // under the lock: nobody saw it leave
        }
      } else if (w.tryGrant(null)) {
        reservedGets++
        wake(w)
      }
    }
    if (took && !putters.isEmpty) grantPuttersLocked()
  }

  /**
   * A woken Java loop getter resumes: takes the head item, or, when a barging get took it, links
   * [w] again at the head of the line and returns [RETRY].
   */
  private fun takeReserved(w: Waiter<Any?>): Any? {
    lock.lock()
    try {
      reservedGets--
      if (count > 0) return takeLocked()
      if (isShutdown) throw QueueShutDown("queue shut down while waiting to get")
      (w as LoopWaiter<Any?>).relink(getters)
      return RETRY
    } finally {
      unlockAndDeliver()
    }
  }

  /** A woken putter resumes: stores [item] in the room it was promised. */
  private fun storeReserved(item: E) {
    lock.lock()
    try {
      reservedPuts--
      if (isShutdown) throw QueueShutDown("queue shut down while waiting to put")
      try {
        storeLocked(item)
      } finally {
        // the room is free again if the item was not stored
        if (!putters.isEmpty) grantPuttersLocked()
      }
    } finally {
      unlockAndDeliver()
    }
  }

  /** Grants the room there is to waiting putters, in order. */
  private fun grantPuttersLocked() {
    while (!isFull()) {
      val w = putters.pollFirst() ?: return
      if (w !is ThreadWaiter<*>) {
        if (w.tryGrant(null)) {
          reservedPuts++
          wake(w)
        }
      } else {
        @Suppress("UNCHECKED_CAST")
        val item = w.payload as E
        try {
          probe(item)
        } catch (e: Throwable) {
          if (w.tryFail(e)) wake(w)
          continue
        }
        if (w.tryGrant(null)) {
          w.payload = null
          wake(w)
          storeLocked(item)
        }
      }
    }
  }

  private fun takeLocked(): E {
    val e = take()
    if (!putters.isEmpty) grantPuttersLocked()
    // the last item of a shut-down queue is gone: getters still waiting can never be served
    if (isShutdown && count == 0 && !getters.isEmpty) failAllLocked(getters, "queue shut down while waiting to get")
    return e
  }

  private fun releaseJoinersLocked() {
    while (true) {
      val w = joiners.pollFirst() ?: return
      if (w.tryGrant(null)) wake(w)
    }
  }

  private fun failAllLocked(q: WaitQueue<Any?>, what: String) {
    while (true) {
      val w = q.pollFirst() ?: return
      if (w.tryFail(QueueShutDown(what))) wake(w)
    }
  }

  /**
   * An item that forEachAsync or the publisher took but whose consumer was cancelled before it saw
   * it (a plain-thread consumer's window): back where it came from, and to the next getter.
   */
  internal fun handBack(item: E) {
    lock.lock()
    try {
      if (dropItems) {
        if (lowerUnfinished(1) == 0) releaseJoinersLocked()
      } else {
        giveBack(item)
        grantGetterLocked()
      }
    } finally {
      unlockAndDeliver()
    }
  }

  /** A getter woken for an item was cancelled before it resumed: the item goes to the next getter. */
  private val getterUndelivered = Undelivered<Any?> {
    lock.lock()
    try {
      reservedGets--
      grantGetterLocked()
    } finally {
      unlockAndDeliver()
    }
  }

  /** Room reserved for a putter that was cancelled before it resumed: pass it on. */
  private val putterUndelivered = Undelivered<Any?> {
    lock.lock()
    try {
      reservedPuts--
      if (!isShutdown) grantPuttersLocked()
    } finally {
      unlockAndDeliver()
    }
  }

  /** A Java loop getter's delivery: takes its reserved item. */
  private val getterResume = Resume<Any?> { granted, w -> if (w is LoopWaiter<*>) takeReserved(w) else granted }

  /** A Java putter's delivery: stores its item in the reserved room (a plain-thread one stored it at the grant). */
  @Suppress("UNCHECKED_CAST")
  private val putterResume = Resume<Any?> { _, w ->
    if (w is LoopWaiter<*>) storeReserved(w.payload as E)
    null
  }

  // ---- Kotlin face (no CompletableFuture) ----

  // Every suspend call below is a tail call until the waiter parks, so a get or a put that does
  // not wait allocates nothing, and one that waits parks on the caller's own continuation.

  internal suspend fun putSuspending(item: E) {
    if (tryPutOrLock(item)) return
    return putSlow(item)
  }

  /** Stores [item] and returns true, or returns false *with the lock held* (the caller parks). */
  private fun tryPutOrLock(item: E): Boolean {
    checkItem(item)
    lock.lock()
    var park = false
    try {
      if (isShutdown) throw QueueShutDown("put on a shut-down queue")
      if (!isFull()) {
        storeLocked(item)
        return true
      }
      park = true
      return false
    } finally {
      if (!park) unlockAndDeliver()
    }
  }

  private suspend fun putSlow(item: E) {
    parkKotlin(putters, putterUndelivered, item) // releases the lock
    storeReserved(item) // resumed with a reservation: store the item
  }

  internal suspend fun getSuspending(): E {
    val r = tryGetOrLock()
    @Suppress("UNCHECKED_CAST")
    if (r !== PARK) return r as E
    return getSlow()
  }

  private suspend fun getSlow(): E {
    parkKotlin(getters, getterUndelivered, null) // releases the lock
    while (true) {
      // resumed with a promise: take the head item, or wait again at the head if a barging get took it
      lock.lock()
      var park = false
      try {
        reservedGets--
        if (count > 0) return takeLocked()
        if (isShutdown) throw QueueShutDown("queue shut down while waiting to get")
        park = true
      } finally {
        if (!park) unlockAndDeliver()
      }
      parkKotlin(getters, getterUndelivered, null, first = true) // releases the lock
    }
  }

  /** Takes an item, or returns [PARK] *with the lock held* (the caller parks). */
  private fun tryGetOrLock(): Any? {
    lock.lock()
    var park = false
    try {
      if (count > 0) return takeLocked()
      if (isShutdown) throw QueueShutDown("get on a shut-down, empty queue")
      park = true
      return PARK
    } finally {
      if (!park) unlockAndDeliver()
    }
  }

  internal suspend fun joinSuspending() {
    lock.lock()
    if (unfinished == 0) {
      lock.unlock()
      return
    }
    parkKotlin(joiners, null, null)
  }

  /** A cached done future for putAsync on the loop it was made for (Void: nothing to tell apart). */
  @Volatile private var doneVoid: FutureImpl<Void?>? = null

  @Suppress("UNCHECKED_CAST")
  private fun completedVoid(): CompletableFuture<Void> {
    val loop = EventLoopImpl.running() ?: return CompletableFuture.completedFuture(null)
    val c = doneVoid
    if (c != null && c.loop === loop) return c as CompletableFuture<Void>
    val f = FutureImpl<Void?>(loop)
    f.completeInternal(null, null)
    doneVoid = f
    return f as CompletableFuture<Void>
  }

  // ---- Java face ----

  override fun maxsize(): Int = max

  override fun qsize(): Int = locked { count }

  override fun empty(): Boolean = locked { count == 0 }

  override fun full(): Boolean = locked { isFull() }

  override fun putAsync(item: E): CompletableFuture<Void> {
    checkItem(item)
    lock.lock()
    var park = false
    try {
      if (isShutdown) return failedJava(QueueShutDown("put on a shut-down queue"))
      if (!isFull()) {
        storeLocked(item)
        return completedVoid()
      }
      park = true
    } finally {
      if (!park) unlockAndDeliver()
    }
    @Suppress("UNCHECKED_CAST")
    return parkJava(putters, item, putterUndelivered, putterResume) as CompletableFuture<Void>
  }

  override fun getAsync(): CompletableFuture<E> {
    lock.lock()
    var park = false
    try {
      if (count > 0) return completedJava(takeLocked())
      if (isShutdown) return failedJava(QueueShutDown("get on a shut-down, empty queue"))
      park = true
    } finally {
      if (!park) unlockAndDeliver()
    }
    @Suppress("UNCHECKED_CAST")
    return parkJava(getters, null, getterUndelivered, getterResume) as CompletableFuture<E>
  }

  override fun putNowait(item: E) {
    checkItem(item)
    lock.lock()
    try {
      if (isShutdown) throw QueueShutDown("putNowait on a shut-down queue")
      if (isFull()) throw QueueFull("putNowait on a full queue (maxsize=$max)")
      storeLocked(item)
    } finally {
      unlockAndDeliver()
    }
  }

  override fun getNowait(): E {
    lock.lock()
    try {
      if (count > 0) return takeLocked()
      if (isShutdown) throw QueueShutDown("getNowait on a shut-down, empty queue")
      throw QueueEmpty("getNowait on an empty queue")
    } finally {
      unlockAndDeliver()
    }
  }

  override fun taskDone() {
    while (true) {
      val u = unfinished
      if (u <= 0) throw IllegalArgumentException("taskDone() called more times than items were put")
      if (UNFINISHED.compareAndSet(this, u, u - 1)) {
        if (u == 1) releaseJoinersIfDone()
        return
      }
    }
  }

  /** The count reached zero: release the joiners, unless a put raised it again meanwhile. */
  private fun releaseJoinersIfDone() {
    lock.lock()
    try {
      if (unfinished == 0) releaseJoinersLocked()
    } finally {
      unlockAndDeliver()
    }
  }

  /** Lowers the count by up to [n], not below zero; returns the new count. */
  private fun lowerUnfinished(n: Int): Int {
    while (true) {
      val u = unfinished
      val v = if (u > n) u - n else 0
      if (UNFINISHED.compareAndSet(this, u, v)) return v
    }
  }

  override fun joinAsync(): CompletableFuture<Void> {
    lock.lock()
    if (unfinished == 0) {
      lock.unlock()
      return completedVoid()
    }
    @Suppress("UNCHECKED_CAST")
    return parkJava(joiners) as CompletableFuture<Void>
  }

  override fun shutdown() {
    shutdown(false)
  }

  override fun shutdown(immediate: Boolean) {
    lock.lock()
    try {
      isShutdown = true
      if (immediate) {
        dropItems = true
        val n = clear()
        if (lowerUnfinished(n) == 0) releaseJoinersLocked()
      }
      failAllLocked(putters, "queue shut down while waiting to put")
      if (count == 0) failAllLocked(getters, "queue shut down while waiting to get")
    } finally {
      unlockAndDeliver()
    }
  }

  override fun forEachAsync(action: Function<in E, out CompletionStage<*>?>?): CompletableFuture<Void> {
    if (action == null) throw NullPointerException("action")
    return QueueForEach(this, action).start()
  }

  override fun asPublisher(): Flow.Publisher<E> = QueuePublisher(this)

  override fun statistics(): QueueStatistics = locked {
    QueueStatistics(
      count, max, unfinished, getters.liveCount(), putters.liveCount(), joiners.liveCount(), isShutdown,
    )
  }

  override fun toString(): String {
    val s = statistics()
    val sb = StringBuilder(kind())
    sb.append("[maxsize=").append(s.maxsize).append(", qsize=").append(s.qsize)
    sb.append(", getters=").append(s.waitingGetters).append(", putters=").append(s.waitingPutters)
    sb.append(", unfinished=").append(s.unfinishedTasks)
    if (s.shutdown) sb.append(", shutdown")
    return sb.append(']').toString()
  }

  private inline fun <R> locked(block: () -> R): R {
    lock.lock()
    try {
      return block()
    } finally {
      lock.unlock()
    }
  }
}
