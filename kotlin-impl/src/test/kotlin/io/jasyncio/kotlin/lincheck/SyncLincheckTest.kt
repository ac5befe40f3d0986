package io.jasyncio.kotlin.lincheck

import io.jasyncio.internal.sync.BoundedSemaphoreImpl
import io.jasyncio.internal.sync.ConditionImpl
import io.jasyncio.internal.sync.EventImpl
import io.jasyncio.internal.sync.LockImpl
import io.jasyncio.internal.sync.SemaphoreImpl
import io.jasyncio.kotlin.notify
import io.jasyncio.kotlin.wait
import io.jasyncio.kotlin.withLock
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Operation
import org.junit.jupiter.api.Test

/*
 * Model checking with prompt cancellation of the primitives' Kotlin face against sequential
 * models. Small by default (a few seconds each); -Djasyncio.stress=N multiplies the invocations.
 */

private val SCALE = Integer.getInteger("jasyncio.stress", 1)

private fun options(iterations: Int = 5, invocations: Int = 150, threads: Int = 3): ModelCheckingOptions =
  ModelCheckingOptions()
    .iterations(iterations * SCALE)
    .invocationsPerIteration(invocations * SCALE)
    .threads(threads)
    .actorsPerThread(2)
    .actorsBefore(1)
    .actorsAfter(1)

/** A sequential model of a FIFO permit pool with hand-off (kotlinx-style prompt cancellation). */
@Suppress("unused")
internal open class PermitModel(private var free: Int, private val bound: Int) {
  private val waiters = ArrayDeque<CancellableContinuation<Unit>>()

  fun tryAcquire(): Boolean {
    if (free > 0 && waiters.isEmpty()) {
      free--
      return true
    }
    return false
  }

  suspend fun acquire() {
    if (free > 0 && waiters.isEmpty()) {
      free--
      return
    }
    suspendCancellableCoroutine { cont ->
      waiters.addLast(cont)
      cont.invokeOnCancellation { waiters.remove(cont) }
    }
  }

  fun release(): String {
    if (bound in 0..free) return "misuse"
    while (true) {
      val w = waiters.removeFirstOrNull() ?: break
      if (w.isActive) {
        w.resume(Unit) { _, _, _ -> release() }
        return "ok"
      }
    }
    free++
    return "ok"
  }

  fun locked(): Boolean = free == 0
}

internal class LockModel : PermitModel(1, 1)

internal class SemaphoreModel : PermitModel(2, -1)

internal class BoundedModel : PermitModel(1, 1)

class LockLincheckTest {
  private val lock = LockImpl()

  @Operation fun tryAcquire(): Boolean = lock.tryAcquire()

  @Operation(promptCancellation = true)
  suspend fun acquire() = lock.acquireSuspending()

  @Operation
  fun release(): String =
    try {
      lock.release()
      "ok"
    } catch (e: IllegalStateException) {
      "misuse"
    }

  @Operation fun locked(): Boolean = lock.locked()

  @Test
  fun modelCheck() = options().sequentialSpecification(LockModel::class.java).check(this::class.java)
}

class SemaphoreLincheckTest {
  private val sem = SemaphoreImpl(2)

  @Operation fun tryAcquire(): Boolean = sem.tryAcquire()

  @Operation(promptCancellation = true)
  suspend fun acquire() = sem.acquireSuspending()

  @Operation
  fun release(): String {
    sem.release()
    return "ok"
  }

  @Test
  fun modelCheck() = options().sequentialSpecification(SemaphoreModel::class.java).check(this::class.java)
}

class BoundedSemaphoreLincheckTest {
  private val sem = BoundedSemaphoreImpl(1)

  @Operation fun tryAcquire(): Boolean = sem.tryAcquire()

  @Operation(promptCancellation = true)
  suspend fun acquire() = sem.acquireSuspending()

  @Operation
  fun release(): String =
    try {
      sem.release()
      "ok"
    } catch (e: IllegalArgumentException) {
      "misuse"
    }

  @Test
  fun modelCheck() = options().sequentialSpecification(BoundedModel::class.java).check(this::class.java)
}

/** A sequential model of an Event; `await` returns true, as asyncio's `wait()` does. */
@Suppress("unused")
internal class EventModel {
  private var flag = false
  private val waiters = ArrayList<CancellableContinuation<Unit>>()

  fun set() {
    flag = true
    val ws = waiters.toList()
    waiters.clear()
    for (w in ws) if (w.isActive) w.resume(Unit) { _, _, _ -> }
  }

  fun clear() {
    flag = false
  }

  fun isSet(): Boolean = flag

  suspend fun await(): Boolean {
    if (flag) return true
    suspendCancellableCoroutine { cont ->
      waiters.add(cont)
      cont.invokeOnCancellation { waiters.remove(cont) }
    }
    return true
  }
}

class EventLincheckTest {
  private val ev = EventImpl()

  @Operation fun set() = ev.set()

  @Operation fun clear() = ev.clear()

  @Operation fun isSet(): Boolean = ev.isSet()

  @Operation(promptCancellation = true)
  suspend fun await() = ev.wait()

  @Test
  fun modelCheck() = options(3, 50).sequentialSpecification(EventModel::class.java).check(this::class.java)
}

/**
 * A sequential model of a Condition used as `withLock { wait() }` / `withLock { notify() }`:
 * a signal wakes the oldest waiter or is lost; a woken waiter cancelled before it resumed passes
 * its signal on. A wait returns true, as asyncio's `Condition.wait()` does.
 */
@Suppress("unused")
internal class ConditionModel {
  private val waiters = ArrayDeque<CancellableContinuation<Unit>>()

  suspend fun waitForSignal(): Boolean {
    suspendCancellableCoroutine { cont ->
      waiters.addLast(cont)
      cont.invokeOnCancellation { waiters.remove(cont) }
    }
    return true
  }

  suspend fun signal() {
    signalOne()
  }

  private fun signalOne() {
    while (true) {
      val w = waiters.removeFirstOrNull() ?: return
      if (w.isActive) {
        w.resume(Unit) { _, _, _ -> signalOne() }
        return
      }
    }
  }
}

class ConditionLincheckTest {
  private val cond = ConditionImpl(LockImpl())

  @Operation(promptCancellation = true)
  suspend fun waitForSignal() = cond.withLock { cond.wait() }

  @Operation
  suspend fun signal() = cond.withLock { cond.notify() }

  @Test
  fun modelCheck() =
    options(3, 40, threads = 2).sequentialSpecification(ConditionModel::class.java).check(this::class.java)
}
