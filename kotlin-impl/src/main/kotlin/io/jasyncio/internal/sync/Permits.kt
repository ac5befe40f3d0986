package io.jasyncio.internal.sync

import io.jasyncio.AsyncCallable
import io.jasyncio.BoundedSemaphore
import io.jasyncio.Lock
import io.jasyncio.Semaphore
import io.jasyncio.internal.future.parkUnit
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.Objects
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.future.await
import kotlinx.coroutines.future.future
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext

/**
 * A count of permits with a FIFO of waiters on the shared waiter mechanism: the engine of Lock
 * (one permit) and Semaphore. A release hands its permit directly to the oldest live waiter (the
 * count does not change), so nobody barges; a grant overtaken by a Kotlin cancellation is
 * released again, which passes it on.
 */
internal abstract class PermitCore(initial: Int) : SyncCore() {
  /** Free permits; written under [lock]. */
  @Volatile
  @JvmField
  internal var value: Int = initial

  @JvmField internal val waiters: WaitQueue<Any?> = WaitQueue()

  private val passOn = Undelivered<Any?> { releasePermit() }

  /** Under [lock]: throws if a release is misuse now (unlocked lock, bounded over-release). */
  protected abstract fun checkRelease()

  /** The Kotlin face: no future allocated; uncontended, a lock/unlock and a field write. */
  internal suspend fun acquireSuspending() {
    val l = lock
    l.lock()
    if (value > 0 && !waiters.hasLiveWaiter()) {
      value--
      l.unlock()
      return
    }
    return park() // tail calls down to the suspension: no frame of our own per wait
  }

  /** The caller holds [lock]; it is released once the waiter is linked. */
  private suspend fun park(): Unit = parkUnit(this, waiters, passOn)

  internal fun acquireJava(): CompletableFuture<Void?> {
    lock.lock()
    if (value > 0 && !waiters.hasLiveWaiter()) {
      value--
      lock.unlock()
      return completedJava<Void?>(null)
    }
    @Suppress("UNCHECKED_CAST")
    return parkJava(waiters, null, passOn) as CompletableFuture<Void?>
  }

  internal fun tryAcquirePermit(): Boolean {
    lock.lock()
    try {
      if (value > 0 && !waiters.hasLiveWaiter()) {
        value--
        return true
      }
      return false
    } finally {
      lock.unlock()
    }
  }

  internal fun releasePermit() {
    lock.lock()
    val w: Waiter<Any?>?
    try {
      checkRelease()
      w = waiters.grantFirst(null)
      if (w == null) value++
    } finally {
      lock.unlock()
    }
    w?.deliver()
  }

  /** Live waiters, under the lock. */
  internal fun waiting(): Int {
    lock.lock()
    try {
      return waiters.liveCount()
    } finally {
      lock.unlock()
    }
  }

  /** asyncio's Semaphore.locked(): an acquire would wait now. */
  internal fun wouldWait(): Boolean {
    lock.lock()
    try {
      return value == 0 || waiters.hasLiveWaiter()
    } finally {
      lock.unlock()
    }
  }

  /** The Java `async with`: [body] under one permit, released on every outcome. */
  internal fun <T> withPermitJava(body: AsyncCallable<T>?): CompletableFuture<T> {
    val b: AsyncCallable<T> = body ?: throw NullPointerException("body")
    return runForJava {
      acquireSuspending()
      try {
        awaitBody(callStage(b))
      } finally {
        releasePermit()
      }
    }
  }
}

/** Calls a Java coroutine function; a null stage is a NullPointerException (as for tasks). */
internal fun <T> callStage(body: AsyncCallable<T>): CompletableFuture<T> {
  val stage = body.call() ?: throw NullPointerException("AsyncCallable.call() returned null")
  return stage.toCompletableFuture()
}

/**
 * Awaits a body's stage; if the caller is cancelled, cancels the stage and still waits until it
 * is done (a task's cancel is only a request), so nothing is released while the body runs.
 */
internal suspend fun <T> awaitBody(f: CompletableFuture<T>): T {
  try {
    return f.await()
  } catch (ce: CancellationException) {
    if (!f.isDone) {
      f.cancel(false)
      withContext(NonCancellable) {
        try {
          f.await()
        } catch (ignored: Throwable) {
          // the caller reports its own cancellation
        }
      }
    }
    throw ce
  }
}

/**
 * Runs [block] for a Java caller: as a task of the caller's loop on a loop thread (so cancel is a
 * request and the future completes after the block's `finally`), else as a kotlinx coroutine that
 * starts on the calling thread and resumes on Dispatchers.Default.
 */
internal fun <T> runForJava(block: suspend () -> T): CompletableFuture<T> {
  val loop = EventLoopImpl.running()
  if (loop != null) return loop.createCoroutineTask(null, block = { block() })
  @OptIn(kotlinx.coroutines.DelicateCoroutinesApi::class)
  return GlobalScope.future(Dispatchers.Default, CoroutineStart.UNDISPATCHED) { block() }
}

internal class LockImpl : PermitCore(1), Lock {
  override fun checkRelease() {
    if (value != 0) throw IllegalStateException("Lock is not acquired: release() of an unlocked lock")
  }

  override fun acquireAsync(): CompletableFuture<Void?> = acquireJava()

  override fun tryAcquire(): Boolean = tryAcquirePermit()

  override fun release() = releasePermit()

  override fun locked(): Boolean = value == 0

  override fun <T> withLockAsync(body: AsyncCallable<T>?): CompletableFuture<T> = withPermitJava(body)

  override fun statistics(): Lock.LockStatistics {
    lock.lock()
    try {
      return Lock.LockStatistics(value == 0, waiters.liveCount())
    } finally {
      lock.unlock()
    }
  }

  override fun toString(): String {
    val s = statistics()
    return if (s.locked) "Lock[locked, waiters=${s.waiting}]" else "Lock[unlocked]"
  }
}

internal open class SemaphoreImpl(initial: Int) : PermitCore(initial), Semaphore {
  init {
    require(initial >= 0) { "Semaphore initial value must be >= 0, got $initial" }
  }

  override fun checkRelease() {}

  override fun acquireAsync(): CompletableFuture<Void?> = acquireJava()

  override fun tryAcquire(): Boolean = tryAcquirePermit()

  override fun release() = releasePermit()

  override fun locked(): Boolean = wouldWait()

  override fun availablePermits(): Int = value

  override fun <T> withPermitAsync(body: AsyncCallable<T>?): CompletableFuture<T> = withPermitJava(body)

  protected open val boundOrMinus1: Int get() = -1

  override fun statistics(): Semaphore.SemaphoreStatistics {
    lock.lock()
    try {
      return Semaphore.SemaphoreStatistics(value, waiters.liveCount(), boundOrMinus1)
    } finally {
      lock.unlock()
    }
  }

  protected open fun kind(): String = "Semaphore"

  override fun toString(): String {
    val s = statistics()
    val state = if (s.value == 0 || s.waiting > 0) "locked" else "unlocked"
    val b = if (s.bound >= 0) ", bound=${s.bound}" else ""
    return "${kind()}[$state, value=${s.value}$b, waiters=${s.waiting}]"
  }
}

internal class BoundedSemaphoreImpl(private val bound: Int) : SemaphoreImpl(bound), BoundedSemaphore {
  override fun checkRelease() {
    if (value >= bound) {
      throw IllegalArgumentException("BoundedSemaphore released too many times: already $bound free permits")
    }
  }

  override fun bound(): Int = bound

  override val boundOrMinus1: Int get() = bound

  override fun kind(): String = "BoundedSemaphore"
}
