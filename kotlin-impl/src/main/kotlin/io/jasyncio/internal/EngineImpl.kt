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

  // ---- queues (issue 5) ----

  override fun <E> newQueue(maxsize: Int): io.jasyncio.Queue<E> = FifoQueueImpl(maxsize)

  override fun <E> newPriorityQueue(maxsize: Int, comparator: java.util.Comparator<in E>?): io.jasyncio.PriorityQueue<E> =
    PriorityQueueImpl(maxsize, comparator)

  override fun <E> newLifoQueue(maxsize: Int): io.jasyncio.LifoQueue<E> = LifoQueueImpl(maxsize)

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
