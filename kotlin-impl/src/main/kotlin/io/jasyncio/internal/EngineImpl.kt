package io.jasyncio.internal

import io.jasyncio.Clock
import io.jasyncio.EventLoop
import io.jasyncio.Future
import io.jasyncio.Task
import io.jasyncio.internal.compose.Composition
import io.jasyncio.internal.future.Awaitables
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.HandleImpl
import io.jasyncio.internal.queue.FifoQueueImpl
import io.jasyncio.internal.queue.LifoQueueImpl
import io.jasyncio.internal.queue.PriorityQueueImpl
import io.jasyncio.internal.sync.BarrierImpl
import io.jasyncio.internal.sync.BoundedSemaphoreImpl
import io.jasyncio.internal.sync.ConditionImpl
import io.jasyncio.internal.sync.EventImpl
import io.jasyncio.internal.sync.LockImpl
import io.jasyncio.internal.sync.SemaphoreImpl
import io.jasyncio.internal.task.CallGraphs
import io.jasyncio.internal.task.JavaTaskGroupRun
import io.jasyncio.internal.task.StageTask
import io.jasyncio.internal.task.TaskGroupImpl
import io.jasyncio.internal.task.TimeoutImpl
import io.jasyncio.internal.direct.Direct
import io.jasyncio.internal.direct.DirectCoro
import io.jasyncio.spi.Engine
import java.util.concurrent.CompletionStage

/** The engine the facade finds through ServiceLoader. */
internal class EngineImpl : Engine {
  override fun newEventLoop(clock: Clock): EventLoop = EventLoopImpl(clock)

  override fun runningLoop(): EventLoop? = EventLoopImpl.running()

  override fun <T> sleep(loop: EventLoop, delayNanos: Long, result: T): Future<T> = impl(loop).sleepFuture(delayNanos, result)

  override fun currentTask(loop: EventLoop): Task<*>? = impl(loop).let { if (it.inLoop()) it.currentTask else null }

  override fun allTasks(loop: EventLoop): Set<Task<*>> = impl(loop).allTasks()

  override fun <T> ensureFuture(loop: EventLoop, stage: CompletionStage<T>): Future<T> = impl(loop).ensureFuture(stage)

  // ---- composition: gather, wait, waitFor, asCompleted, shield (issue 3) ----

  override fun gather(loop: EventLoop?, aws: List<*>, returnExceptions: Boolean): Future<List<Any?>> =
    Composition.gather(Awaitables.loopFor(loop, aws), aws, returnExceptions)

  override fun <F : java.util.concurrent.CompletionStage<*>> wait(
    loop: EventLoop?,
    aws: Collection<F>,
    timeoutNanos: Long,
    returnWhen: io.jasyncio.ReturnWhen,
  ): Future<io.jasyncio.WaitResult<F>> = Composition.wait(Awaitables.loopFor(loop, aws), aws, timeoutNanos, returnWhen)

  override fun <T> waitFor(loop: EventLoop?, aw: Any, timeoutNanos: Long): Future<T> =
    Composition.waitFor(Awaitables.loopFor(loop, listOf(aw)), aw, timeoutNanos)

  override fun <T> asCompleted(
    loop: EventLoop?,
    aws: Collection<CompletionStage<out T>>,
    timeoutNanos: Long,
  ): io.jasyncio.AsCompleted<T> = Composition.asCompleted(Awaitables.loopFor(loop, aws), aws, timeoutNanos)

  override fun <T> shield(loop: EventLoop?, aw: Any): Future<T> =
    Composition.shield(Awaitables.loopFor(loop, listOf(aw)), aw)

  // ---- chain-style loops: doWhile, repeat ----

  override fun doWhile(loop: EventLoop, body: java.util.function.Supplier<out CompletionStage<Boolean>>): Future<Void> =
    io.jasyncio.internal.compose.ChainLoop.doWhile(onLoopThread(loop, "doWhile"), body)

  override fun repeat(loop: EventLoop, times: Int, body: java.util.function.IntFunction<out CompletionStage<*>>): Future<Void> =
    io.jasyncio.internal.compose.ChainLoop.repeat(onLoopThread(loop, "repeat"), times, body)

  private fun onLoopThread(loop: EventLoop, what: String): EventLoopImpl {
    val l = impl(loop)
    if (!l.inLoop()) throw IllegalStateException("$what must be called on the thread running its loop ($l)")
    return l
  }

  // ---- timeouts, TaskGroup, eager tasks, introspection (issue 3) ----

  override fun newTimeout(loop: EventLoop, `when`: Double?): io.jasyncio.Timeout = TimeoutImpl(impl(loop), `when`)

  override fun taskGroup(loop: EventLoop, body: io.jasyncio.TaskGroupBody): Future<Void> {
    val l = impl(loop)
    if (!l.inLoop()) throw IllegalStateException("a TaskGroup must be run on the thread of its loop ($l)")
    val run = JavaTaskGroupRun(TaskGroupImpl(l))
    run.start(body)
    return run
  }

  override fun <T> createTask(loop: EventLoop, coro: io.jasyncio.AsyncCallable<T>, name: String?, eagerStart: Boolean): Task<T> {
    val l = impl(loop)
    java.util.Objects.requireNonNull(coro, "coro")
    if (l.isClosed) throw IllegalStateException("Event loop is closed")
    if (coro is DirectCoro<T>) return Direct.createTask(l, name, coro, eagerStart && l.inLoop())
    val t = StageTask(l, name, coro)
    if (eagerStart && l.inLoop()) t.startEager() else t.start()
    return t
  }

  override fun setEagerTaskStart(loop: EventLoop, eager: Boolean) {
    impl(loop).eagerTaskStart = eager
  }

  override fun isEagerTaskStart(loop: EventLoop): Boolean = impl(loop).eagerTaskStart

  override fun captureCallGraph(future: Future<*>): io.jasyncio.CallGraph = CallGraphs.capture(future)

  override fun formatCallGraph(graph: io.jasyncio.CallGraph): String = CallGraphs.format(graph)

  override fun dumpTasks(loop: EventLoop): String = CallGraphs.dump(impl(loop))

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

  override fun <E> newQueue(maxsize: Int): io.jasyncio.Queue<E> = FifoQueueImpl(maxsize)

  override fun <E> newPriorityQueue(maxsize: Int, comparator: java.util.Comparator<in E>?): io.jasyncio.PriorityQueue<E> =
    PriorityQueueImpl(maxsize, comparator)

  override fun <E> newLifoQueue(maxsize: Int): io.jasyncio.LifoQueue<E> = LifoQueueImpl(maxsize)

  // ---- direct style (issue 15) ----

  override fun <T> direct(body: io.jasyncio.DirectCallable<T>): io.jasyncio.AsyncCallable<T> = DirectCoro(body)

  override fun <T> await(stage: CompletionStage<T>): T = Direct.await(stage)

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

  /** The timer's step is the sleeper's wake-up: the stages awaiting it run in it (sleep(0) yields once). */
  override fun run() {
    completeDelivering(result, null)
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
