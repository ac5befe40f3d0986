package io.jasyncio.kotlin

import io.jasyncio.Barrier
import io.jasyncio.BoundedSemaphore
import io.jasyncio.Condition
import io.jasyncio.Event
import io.jasyncio.Lock
import io.jasyncio.Semaphore
import io.jasyncio.internal.BarrierImpl
import io.jasyncio.internal.BoundedSemaphoreImpl
import io.jasyncio.internal.ConditionImpl
import io.jasyncio.internal.EventImpl
import io.jasyncio.internal.LockImpl
import io.jasyncio.internal.PermitCore
import io.jasyncio.internal.SemaphoreImpl
import kotlinx.coroutines.future.await

/*
 * The Kotlin face of the synchronization primitives: suspending functions with asyncio's names on
 * the same objects Java uses. Every one takes the engine's fast path (no CompletableFuture) and
 * has kotlinx's prompt cancellation: a call that throws CancellationException holds nothing (a
 * lock or permit granted meanwhile is passed on, a notification goes to the next waiter).
 *
 * The factories are named after the asyncio classes. kotlinx.coroutines.sync has `Semaphore(n)`
 * too: in a file that star-imports both packages, import the one you mean explicitly.
 */

/** A new unlocked [Lock] (asyncio `Lock()`; Java: `Lock.create()`). */
@JvmSynthetic
public fun Lock(): Lock = LockImpl()

/** A new [Event], not set (asyncio `Event()`; Java: `Event.create()`). */
@JvmSynthetic
public fun Event(): Event = EventImpl()

/**
 * A new [Condition] over [lock], or over a new lock (asyncio `Condition(lock=None)`).
 *
 * @throws IllegalArgumentException if [lock] is not a jasyncio lock
 */
@JvmSynthetic
public fun Condition(lock: Lock? = null): Condition =
  if (lock == null) ConditionImpl(LockImpl()) else Condition.create(lock)

/**
 * A new [Semaphore] with [value] permits (asyncio `Semaphore(value=1)`).
 *
 * @throws IllegalArgumentException if [value] is negative
 */
@JvmSynthetic
public fun Semaphore(value: Int = 1): Semaphore = SemaphoreImpl(value)

/**
 * A new [BoundedSemaphore] with [value] permits, which is also its bound (asyncio
 * `BoundedSemaphore(value=1)`).
 *
 * @throws IllegalArgumentException if [value] is negative
 */
@JvmSynthetic
public fun BoundedSemaphore(value: Int = 1): BoundedSemaphore {
  require(value >= 0) { "BoundedSemaphore initial value must be >= 0, got $value" }
  return BoundedSemaphoreImpl(value)
}

/**
 * A new [Barrier] for [parties] parties (asyncio `Barrier(parties)`).
 *
 * @throws IllegalArgumentException if [parties] is less than 1
 */
@JvmSynthetic
public fun Barrier(parties: Int): Barrier = BarrierImpl(parties)

private fun Lock.core(): PermitCore? = when (this) {
  is LockImpl -> this
  is ConditionImpl -> lockImpl
  else -> null
}

/**
 * Acquires the lock, suspending in FIFO order while it is held (asyncio `await lock.acquire()`).
 * The coroutine resumes on its own dispatcher. Cancellable: a cancelled acquire holds nothing,
 * even if the lock was handed to it just before.
 */
@JvmSynthetic
public suspend fun Lock.acquire() {
  val c = core() ?: return awaitUnit(acquireAsync())
  // a tail call: the suspension uses the caller's continuation, no frame per wait
  return c.acquireSuspending()
}

private suspend fun awaitUnit(f: java.util.concurrent.CompletableFuture<*>) {
  f.await()
}

/**
 * Runs [block] holding the lock and releases it however [block] ends (asyncio
 * `async with lock:`; kotlinx `Mutex.withLock`).
 */
@JvmSynthetic
public suspend inline fun <T> Lock.withLock(block: () -> T): T {
  acquire()
  try {
    return block()
  } finally {
    release()
  }
}

/**
 * Takes a permit, suspending in FIFO order while none is free or older waiters exist (asyncio
 * `await sem.acquire()`). Cancellable: a cancelled acquire holds no permit.
 */
@JvmSynthetic
public suspend fun Semaphore.acquire() {
  if (this !is PermitCore) return awaitUnit(acquireAsync())
  return acquireSuspending()
}

/**
 * Runs [block] holding a permit and releases it however [block] ends (asyncio `async with sem:`;
 * kotlinx `Semaphore.withPermit`).
 */
@JvmSynthetic
public suspend inline fun <T> Semaphore.withPermit(block: () -> T): T {
  acquire()
  try {
    return block()
  } finally {
    release()
  }
}

/**
 * Suspends until the event is set (asyncio `await event.wait()`). Returns at once if it is set.
 * Kotlin does not expose `java.lang.Object.wait()`, so this extension is what `event.wait()`
 * calls.
 */
@JvmSynthetic
public suspend fun Event.wait() {
  if (this !is EventImpl) return awaitUnit(waitAsync())
  return waitSuspending()
}

/**
 * Releases the lock, suspends until notified, and re-acquires the lock (asyncio
 * `await cond.wait()`). The lock is re-acquired even when the wait is cancelled; then the
 * cancellation is thrown, never swallowed. A notification that races the cancellation goes to
 * another waiter.
 *
 * @throws IllegalStateException if the lock is not held
 */
@JvmSynthetic
public suspend fun Condition.wait() {
  if (this is ConditionImpl) waitSuspending() else waitAsync().await()
}

/**
 * Waits until [predicate] is true (asyncio `await cond.wait_for(predicate)`), calling it with the
 * lock held before each [wait].
 */
@JvmSynthetic
public suspend fun Condition.waitFor(predicate: () -> Boolean) {
  if (this is ConditionImpl) waitForSuspending(predicate) else waitForAsync(predicate).await()
}

/** Wakes the oldest waiter (asyncio `cond.notify()`); the lock must be held. */
@JvmSynthetic
public fun Condition.notify() {
  notify(1)
}

/** Wakes every waiter (asyncio `cond.notify_all()`); the lock must be held. */
@JvmSynthetic
public fun Condition.notifyAll() {
  notifyAllWaiters()
}

/**
 * Arrives and suspends until all parties arrived (asyncio `await barrier.wait()`); returns this
 * party's arrival index, `0` to `parties - 1`.
 *
 * @throws io.jasyncio.BrokenBarrierError if the barrier is broken, aborted or reset meanwhile
 */
@JvmSynthetic
public suspend fun Barrier.wait(): Int =
  if (this is BarrierImpl) waitSuspending() else waitAsync().await()
