package io.jasyncio.internal

import io.jasyncio.Clock
import io.jasyncio.EventLoop
import io.jasyncio.Future
import io.jasyncio.Task
import io.jasyncio.spi.Engine
import java.util.concurrent.CompletionStage

/** The engine the facade finds through ServiceLoader. */
internal class EngineImpl : Engine {
  override fun newEventLoop(clock: Clock): EventLoop = EventLoopImpl(clock)

  override fun runningLoop(): EventLoop? = EventLoopImpl.RUNNING.get()

  override fun <T> sleep(loop: EventLoop, delayNanos: Long, result: T): Future<T> = impl(loop).sleepFuture(delayNanos, result)

  override fun currentTask(loop: EventLoop): Task<*>? = impl(loop).let { if (it.inLoop()) it.currentTask else null }

  override fun allTasks(loop: EventLoop): Set<Task<*>> = impl(loop).allTasks()

  override fun <T> ensureFuture(loop: EventLoop, stage: CompletionStage<T>): Future<T> = impl(loop).ensureFuture(stage)

  // ---- composition: gather, wait, waitFor, asCompleted, shield (issue 3) ----

  // ---- timeouts, TaskGroup, eager tasks, introspection (issue 3) ----

  // ---- synchronization primitives (issue 4) ----

  override fun newLock(): io.jasyncio.Lock = LockImpl()

  override fun newEvent(): io.jasyncio.Event = EventImpl()

  override fun newCondition(lock: io.jasyncio.Lock?): io.jasyncio.Condition =
    ConditionImpl(
      when (lock) {
        null -> LockImpl()
        is LockImpl -> lock
        is ConditionImpl -> lock.lockImpl
        else -> throw IllegalArgumentException("not a jasyncio lock: $lock")
      },
    )

  override fun newSemaphore(value: Int, bounded: Boolean): io.jasyncio.Semaphore =
    if (bounded) {
      require(value >= 0) { "BoundedSemaphore initial value must be >= 0, got $value" }
      BoundedSemaphoreImpl(value)
    } else {
      SemaphoreImpl(value)
    }

  override fun newBarrier(parties: Int): io.jasyncio.Barrier = BarrierImpl(parties)

  // ---- queues (issue 5) ----

  internal companion object {
    fun impl(loop: EventLoop): EventLoopImpl =
      loop as? EventLoopImpl ?: throw IllegalArgumentException("not a jasyncio event loop: $loop")
  }
}

/** The future of `Asyncio.sleep`: completed by its own timer; cancelling it cancels the timer. */
internal class SleepFuture<T>(loop: EventLoopImpl, private val result: T) : FutureImpl<T>(loop), Runnable {
  @Volatile
  private var timer: HandleImpl? = null

  fun arm(delayNanos: Long) {
    // sleep(0) is one yield: done in the next iteration
    if (delayNanos == 0L) {
      val h = HandleImpl(this)
      timer = h
      loop.schedule(h)
    } else {
      timer = loop.timerAfter(delayNanos, this)
    }
  }

  override fun run() {
    completeInternal(result, null)
  }

  override fun cancel(msg: String?): Boolean {
    val r = super.cancel(msg)
    if (r) timer?.cancel()
    return r
  }
}

internal fun <T> EventLoopImpl.sleepFuture(delayNanos: Long, result: T): FutureImpl<T> {
  val f = SleepFuture(this, result)
  f.arm(delayNanos)
  return f
}
