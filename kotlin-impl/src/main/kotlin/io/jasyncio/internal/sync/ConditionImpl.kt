package io.jasyncio.internal.sync

import io.jasyncio.Condition
import io.jasyncio.Lock
import java.util.Objects
import java.util.concurrent.CompletableFuture
import java.util.function.Supplier
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext

/**
 * asyncio Condition on the shared waiter mechanism. Its own [lock] guards the notification queue;
 * a wait links its waiter before it releases the user lock, so no notify can slip in between.
 */
internal class ConditionImpl(@JvmField val lockImpl: LockImpl) : SyncCore(), Condition, Lock by lockImpl {
  private val waiters = WaitQueue<Any?>()

  /** A notification granted to a Kotlin waiter cancelled before it resumed goes to the next one. */
  private val passOn = Undelivered<Any?> { notifyInternal(1) }

  override fun lock(): Lock = lockImpl

  /** asyncio `Condition.wait`: always returns true (a return value for the faces to pass on). */
  internal suspend fun waitSuspending(): Boolean {
    lock.lock()
    if (!lockImpl.locked()) {
      lock.unlock()
      throw IllegalStateException("cannot wait on un-acquired lock")
    }
    var failure: Throwable? = null
    try {
      parkKotlinThen(
        waiters,
        passOn,
        { releaseUserLock() },
        { IllegalStateException("cannot wait on un-acquired lock: it was released meanwhile") },
      )
    } catch (e: Throwable) {
      failure = e
    }
    // the lock is re-acquired even when the wait was cancelled (asyncio)
    withContext(NonCancellable) { lockImpl.acquireSuspending() }
    if (failure != null) throw failure
    try {
      // cancelled while re-acquiring: report it, and pass on the notification it consumed
      currentCoroutineContext().ensureActive()
    } catch (e: Throwable) {
      notifyInternal(1)
      throw e
    }
    return true
  }

  private fun releaseUserLock(): Boolean =
    try {
      lockImpl.release()
      true
    } catch (e: IllegalStateException) {
      false
    }

  /**
   * asyncio `Condition.wait_for`: the predicate's first true result, where true is anything but
   * `null` and `false` (the JVM has no truthiness to borrow).
   */
  internal suspend fun <T : Any> waitForSuspending(predicate: () -> T?): T {
    while (true) {
      val r = predicate()
      if (r != null && r != false) return r
      waitSuspending()
    }
  }

  override fun waitAsync(): CompletableFuture<Boolean> = runForJava { waitSuspending() }

  override fun <T> waitForAsync(predicate: Supplier<out T>?): CompletableFuture<T> {
    val p: Supplier<out T> = predicate ?: throw NullPointerException("predicate")
    @Suppress("UNCHECKED_CAST")
    return runForJava { waitForSuspending<Any> { p.get() } as T }
  }

  override fun notify(n: Int) {
    require(n >= 0) { "notify(n): n must be >= 0, got $n" }
    if (!lockImpl.locked()) throw IllegalStateException("cannot notify on un-acquired lock")
    notifyInternal(n)
  }

  override fun notifyOne() = notify(1)

  override fun notifyAllWaiters() {
    if (!lockImpl.locked()) throw IllegalStateException("cannot notify on un-acquired lock")
    lock.lock()
    val ws = try {
      waiters.grantAll(null)
    } finally {
      lock.unlock()
    }
    deliverAll(ws)
  }

  internal fun notifyInternal(n: Int) {
    if (n == 0) return
    lock.lock()
    val ws = ArrayList<Waiter<Any?>>(minOf(n, 16))
    try {
      while (ws.size < n) {
        val w = waiters.grantFirst(null) ?: break
        ws.add(w)
      }
    } finally {
      lock.unlock()
    }
    deliverAll(ws)
  }

  internal fun waitingForNotify(): Int {
    lock.lock()
    try {
      return waiters.liveCount()
    } finally {
      lock.unlock()
    }
  }

  override fun conditionStatistics(): Condition.ConditionStatistics =
    Condition.ConditionStatistics(waitingForNotify(), lockImpl.statistics())

  override fun toString(): String {
    val s = lockImpl.statistics()
    val state = if (s.locked) "locked" else "unlocked"
    return "Condition[$state, waiters=${waitingForNotify()}]"
  }
}
