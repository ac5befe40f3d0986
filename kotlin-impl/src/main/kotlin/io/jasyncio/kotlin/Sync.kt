package io.jasyncio.kotlin

import io.jasyncio.Barrier
import io.jasyncio.BoundedSemaphore
import io.jasyncio.Condition
import io.jasyncio.Event
import io.jasyncio.Lock
import io.jasyncio.Semaphore
import io.jasyncio.internal.sync.BarrierImpl
import io.jasyncio.internal.sync.BoundedSemaphoreImpl
import io.jasyncio.internal.sync.ConditionImpl
import io.jasyncio.internal.sync.EventImpl
import io.jasyncio.internal.sync.LockImpl
import io.jasyncio.internal.sync.PermitCore
import io.jasyncio.internal.sync.SemaphoreImpl
import java.util.function.Supplier
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
 * Awaits the Java future of a primitive not made by this engine. Kept out of the callers so that
 * theirs stay tail calls (awaiting a platform-typed value in place would give them a frame).
 */
private suspend fun <T : Any> awaitValue(f: java.util.concurrent.CompletableFuture<out T?>): T =
  checkNotNull(f.await()) { "$f completed with null" }

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
 * Suspends until the event is set and returns `true` (asyncio `await event.wait()`, which returns
 * `True`; Java: `waitAsync()`). Returns at once if it is set. The value is always `true`.
 * Kotlin does not expose `java.lang.Object.wait()`, so this extension is what `event.wait()`
 * calls.
 *
 * The coroutine resumes on its own dispatcher. Cancellable: a cancelled wait leaves no waiter
 * behind and throws the cancellation even if [Event.set] woke it just before (kotlinx's prompt
 * cancellation; nothing is consumed, so nothing is handed on).
 */
@JvmSynthetic
public suspend fun Event.wait(): Boolean {
  if (this !is EventImpl) return awaitValue(waitAsync())
  // a tail call: the suspension uses the caller's continuation, no frame per wait
  return waitSuspending()
}

/**
 * Releases the lock, suspends until notified, re-acquires the lock and returns `true` (asyncio
 * `await cond.wait()`, which returns `True`; Java: `waitAsync()`). The value is always `true`.
 * The lock is re-acquired even when the wait is cancelled; then the cancellation is thrown,
 * never swallowed. A notification that races the cancellation goes to another waiter. The
 * coroutine resumes on its own dispatcher.
 *
 * @throws IllegalStateException if the lock is not held
 */
@JvmSynthetic
public suspend fun Condition.wait(): Boolean =
  if (this is ConditionImpl) waitSuspending() else awaitValue(waitAsync())

/**
 * Waits until [predicate] gives a true value and returns that value (asyncio
 * `await cond.wait_for(predicate)`, which returns the predicate's last result; Java:
 * `waitForAsync(() -> ...)`). True is anything but `null` and `false`: `waitFor { ready }`
 * returns `true`, `waitFor { items.firstOrNull() }` the item it found (non-null). Unlike Python,
 * `0`, `""` and empty collections count as true. [predicate] runs with the lock held, before
 * each [wait]; if it throws, the exception propagates with the lock still held. Cancellation is
 * that of [wait].
 *
 * @throws IllegalStateException if the lock is not held
 */
@JvmSynthetic
public suspend fun <T : Any> Condition.waitFor(predicate: () -> T?): T {
  if (this is ConditionImpl) return waitForSuspending(predicate)
  return awaitValue(waitForAsync(Supplier(predicate)))
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
