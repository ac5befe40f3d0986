package io.jasyncio.internal.loop

import io.jasyncio.Future
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import java.util.Objects
import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

// the states of a runInExecutor call (LoopExecutors.ExecutorCall)
private const val CALL_QUEUED = 0
private const val CALL_RUNNING = 1
private const val CALL_DONE = 2

/**
 * A loop's executors: `runInExecutor` (asyncio's `run_in_executor`, `to_thread`), the lazily
 * created default executor, and its shutdown.
 *
 * Each call counts in the loop's `externalWork` from submission until its outcome is posted back
 * or it is cancelled before it started: the virtual clock does not jump while work runs on other
 * threads, so a test on the virtual clock still sees executor results before later timers.
 * The default executor is created once under this object's monitor; any thread may call.
 */
internal class LoopExecutors(private val loop: EventLoopImpl) {
  @Volatile
  private var defaultExecutor: ExecutorService? = null
  private var shutdownCalled = false

  fun <T> run(executor: Executor?, func: Callable<T>, interruptible: Boolean = false): Future<T> {
    Objects.requireNonNull(func, "func")
    loop.checkClosed()
    val exec = executor ?: obtainDefault()
    val f = FutureImpl<T>(loop)
    val call = ExecutorCall(f, func, interruptible)
    loop.externalWork.incrementAndGet()
    try {
      exec.execute(call)
    } catch (e: Throwable) {
      if (call.release(CALL_QUEUED)) f.completeInternal(null, e)
      return f
    }
    if (loop.owned()) f.addListener(call) else loop.post { f.addListener(call) }
    return f
  }

  /**
   * One `runInExecutor` call: its [state] goes QUEUED → RUNNING → DONE, or
   * QUEUED → DONE when the future is cancelled before a worker picks the call up (then [func]
   * never runs, as a cancelled `concurrent.futures.Future`). A call already running is not
   * interrupted unless [interruptible] (then its worker thread is interrupted, once, and only while
   * it runs [func]: an interrupt never reaches the pool's next job); cancelling it stops the loop
   * from waiting for it (virtual clock), and its outcome is dropped. The transition to DONE
   * releases the call's count in `externalWork`, once.
   */
  private inner class ExecutorCall<T>(
    private val f: FutureImpl<T>,
    private val func: Callable<T>,
    private val interruptible: Boolean,
  ) : Runnable, FutureListener {
    private val state = AtomicInteger(CALL_QUEUED)

    /** The worker running [func], while it runs it (interruptible calls only); guarded by this. */
    private var runner: Thread? = null
    private var interrupted = false

    /** On a worker thread. */
    override fun run() {
      // cancelled before it started: never runs
      if (!state.compareAndSet(CALL_QUEUED, CALL_RUNNING)) return
      if (interruptible) synchronized(this) { runner = Thread.currentThread() }
      var value: T? = null
      var failure: Throwable? = null
      try {
        value = func.call()
      } catch (e: Throwable) {
        failure = e
      } finally {
        if (interruptible) {
          synchronized(this) {
            runner = null
            // an interrupt that arrived as func returned must not reach the pool's next job
            if (interrupted) Thread.interrupted()
          }
        }
      }
      loop.post { if (release(CALL_RUNNING) && !f.isDone) f.completeInternal(value, failure) }
    }

    /** On the loop thread, when [f] completes (by our own completion, or a cancel). */
    override fun onFutureDone(f: FutureImpl<*>) {
      if (f.isCancelled && !release(CALL_QUEUED) && release(CALL_RUNNING) && interruptible) {
        synchronized(this) {
          val t = runner
          if (t != null) {
            interrupted = true
            t.interrupt()
          }
        }
      }
    }

    /** Moves from [from] to DONE and releases the count; false if the call was not in [from]. */
    fun release(from: Int): Boolean {
      if (!state.compareAndSet(from, CALL_DONE)) return false
      loop.externalWork.decrementAndGet()
      return true
    }

    override fun toString(): String = "ExecutorCall[$func, state=${state.get()}]"
  }

  private fun obtainDefault(): Executor {
    defaultExecutor?.let { return it }
    synchronized(this) {
      defaultExecutor?.let { return it }
      if (shutdownCalled) throw IllegalStateException("Executor shutdown has been called")
      val max = minOf(32, Runtime.getRuntime().availableProcessors() + 4)
      val e = ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, LinkedBlockingQueue(), ExecutorThreads)
      e.allowCoreThreadTimeOut(true)
      defaultExecutor = e
      return e
    }
  }

  fun setDefault(executor: ExecutorService) {
    Objects.requireNonNull(executor, "executor")
    synchronized(this) { defaultExecutor = executor }
  }

  /** Marks the default executor shut down and returns it (null if none was created). */
  private fun takeForShutdown(): ExecutorService? = synchronized(this) {
    shutdownCalled = true
    val e = defaultExecutor
    defaultExecutor = null
    e
  }

  /** asyncio's `shutdown_default_executor`: completes once the executor's threads are done. */
  fun shutdownDefault(): Future<Void> {
    val f = FutureImpl<Void>(loop)
    val e = takeForShutdown()
    if (e == null) {
      f.completeInternal(null, null)
      return f
    }
    loop.externalWork.incrementAndGet()
    val waiter = Thread({
      var failure: Throwable? = null
      try {
        e.shutdown()
        while (!e.awaitTermination(1, TimeUnit.MINUTES)) {
          // keep waiting, as asyncio joins the executor's threads
        }
      } catch (t: Throwable) {
        failure = t
      }
      loop.post {
        loop.externalWork.decrementAndGet()
        f.completeInternal(null, failure)
      }
    }, "jasyncio-executor-shutdown")
    waiter.isDaemon = true
    waiter.start()
    return f
  }

  /** At loop close: stops the default executor without waiting for it. */
  fun shutdownOnClose() {
    takeForShutdown()?.shutdown()
  }

  private object ExecutorThreads : ThreadFactory {
    private val n = AtomicLong()
    override fun newThread(r: Runnable): Thread {
      val t = Thread(r, "jasyncio-executor-${n.incrementAndGet()}")
      t.isDaemon = true
      return t
    }
  }
}
