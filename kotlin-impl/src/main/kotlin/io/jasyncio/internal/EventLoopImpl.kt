package io.jasyncio.internal

import io.jasyncio.AsyncCallable
import io.jasyncio.Clock
import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.ExceptionHandler
import io.jasyncio.Future
import io.jasyncio.Handle
import io.jasyncio.Task
import io.jasyncio.TimerHandle
import io.jasyncio.spi.Checks
import io.jasyncio.testing.VirtualClock
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Delay
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancel
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.time.Duration
import java.util.ArrayDeque
import java.util.Objects
import java.util.PriorityQueue
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.CoroutineContext

// the states of a runInExecutor call (EventLoopImpl.ExecutorCall)
private const val CALL_QUEUED = 0
private const val CALL_RUNNING = 1
private const val CALL_DONE = 2

/**
 * The event loop: a ready deque, a timer heap, a thread-safe inbox and a [Selector], run by the
 * thread that calls [runForever]. It is also the kotlinx [CoroutineDispatcher] of the tasks it
 * runs, and their [Delay] (so `delay` and `withTimeout` use the loop's own timers).
 *
 * Fields without a lock or volatile are touched by the loop thread only (or by any thread while
 * the loop is not running).
 */
internal class EventLoopImpl(private val clock: Clock) : CoroutineDispatcher(), Delay, EventLoop {
  private val ready = ArrayDeque<Runnable>()
  private val timers = PriorityQueue<TimerHandleImpl>()
  private var timerSeq = 0L
  private var cancelledTimers = 0
  private val inbox = ConcurrentLinkedQueue<Runnable>()
  private val selector: Selector = Selector.open()
  private var ioRegistrations = 0
  private val virtualClock = clock as? VirtualClock

  /** The running thread, or null. */
  @Volatile
  @JvmField
  internal var thread: Thread? = null

  @Volatile
  private var sleeping = false
  private val wakeupPending = AtomicBoolean()

  @Volatile
  private var stopping = false

  @Volatile
  private var closed = false

  /** Jobs running on other threads that will post back (executor work): the virtual clock waits for them. */
  private val externalWork = AtomicInteger()

  /** The base context of every Kotlin task on this loop: the loop and its current-task tracker. */
  internal val taskContext: CoroutineContext by lazy(LazyThreadSafetyMode.PUBLICATION) { this + CurrentTaskTracker(this) }

  /** The task whose step is running, for `currentTask()`. */
  @JvmField
  internal var currentTask: TaskImpl<*>? = null

  /** Stages running inline in one another on this thread (Stages.kt bounds it). Loop thread. */
  @JvmField
  internal var inlineDepth: Int = 0

  /** Pending tasks: an intrusive doubly-linked list (no allocation per task). */
  private var tasksHead: TaskImpl<*>? = null
  private var taskCount = 0

  /** Failures nobody retrieved yet, reported at close. */
  internal val unretrieved: MutableSet<FailureReport> = ConcurrentHashMap.newKeySet()

  @Volatile
  private var handler: ExceptionHandler? = null

  @Volatile
  private var defaultExecutor: ExecutorService? = null
  private var executorShutdownCalled = false

  // ---- thread checks -------------------------------------------------------------------------

  /** True on the running loop thread. */
  internal fun inLoop(): Boolean = Thread.currentThread() === thread

  /** True when the caller may touch loop-confined state: on the loop thread, or no thread runs it. */
  internal fun owned(): Boolean {
    val t = thread
    return t == null || t === Thread.currentThread()
  }

  private fun checkClosed() {
    if (closed) throw IllegalStateException("Event loop is closed")
  }

  // ---- scheduling ----------------------------------------------------------------------------

  /** Schedules [r] for the next iteration; from any thread. */
  internal fun schedule(r: Runnable) {
    if (Thread.currentThread() === thread) {
      ready.addLast(r)
    } else {
      post(r)
    }
  }

  /** Adds [r] to the inbox and wakes the loop if it is blocked. */
  internal fun post(r: Runnable) {
    inbox.offer(r)
    if (sleeping && wakeupPending.compareAndSet(false, true)) selector.wakeup()
  }

  /** Runs [r] now if the caller owns the loop, else posts it to the loop thread. */
  internal fun runOrPost(r: Runnable) {
    if (owned()) r.run() else post(r)
  }

  override fun callSoon(callback: Runnable): Handle {
    Objects.requireNonNull(callback, "callback")
    checkClosed()
    val h = HandleImpl(callback)
    schedule(h)
    return h
  }

  override fun callSoonThreadsafe(callback: Runnable): Handle {
    Objects.requireNonNull(callback, "callback")
    checkClosed()
    val h = HandleImpl(callback)
    if (inLoop()) ready.addLast(h) else post(h)
    return h
  }

  override fun callLater(delay: Double, callback: Runnable): TimerHandle =
    timerAfter(Checks.delayNanos(delay, "delay"), Objects.requireNonNull(callback, "callback"))

  override fun callLater(delay: Duration, callback: Runnable): TimerHandle =
    timerAfter(Checks.delayNanos(delay, "delay"), Objects.requireNonNull(callback, "callback"))

  override fun callAt(`when`: Double, callback: Runnable): TimerHandle {
    val w = Checks.timeNanos(`when`, "when")
    Objects.requireNonNull(callback, "callback")
    checkClosed()
    return timerAt(w, callback)
  }

  /** A timer [delayNanos] (0..MAX_NANOS) from now; see [timerAt] for "never". */
  internal fun timerAfter(delayNanos: Long, callback: Runnable): TimerHandleImpl {
    checkClosed()
    val now = clock.nanos()
    // now + delay >= MAX_NANOS, written so that it cannot overflow
    val w = if (delayNanos >= Checks.MAX_NANOS - minOf(maxOf(now, 0L), Checks.MAX_NANOS)) {
      TimerHandleImpl.NEVER
    } else {
      now + delayNanos
    }
    return timerAt(w, callback)
  }

  /**
   * A timer at [whenNanos]. A deadline at or past the clock's horizon ([Checks.MAX_NANOS]: +inf,
   * or a delay too large to represent) never comes: the timer is not put in the heap at all, so
   * neither the selector's timeout nor the virtual clock ever sees it, and cancelling it only
   * marks it. Its `when()` is +Infinity.
   */
  private fun timerAt(whenNanos: Long, callback: Runnable): TimerHandleImpl {
    if (whenNanos >= Checks.MAX_NANOS) return TimerHandleImpl(this, TimerHandleImpl.NEVER, callback)
    return addTimer(TimerHandleImpl(this, whenNanos, callback))
  }

  private fun addTimer(t: TimerHandleImpl): TimerHandleImpl {
    if (Thread.currentThread() === thread) {
      pushTimer(t)
    } else {
      post { if (!t.cancelled()) pushTimer(t) }
    }
    return t
  }

  private fun pushTimer(t: TimerHandleImpl) {
    t.seq = timerSeq++
    t.inHeap = true
    timers.add(t)
  }

  /** Called by a timer's cancel(): counts heap garbage and rebuilds the heap when it dominates. */
  internal fun timerCancelled(t: TimerHandleImpl) {
    if (!inLoop() || !t.inHeap) return
    cancelledTimers++
    if (cancelledTimers > 100 && cancelledTimers * 2 > timers.size) {
      timers.removeIf { if (it.cancelled()) { it.inHeap = false; true } else false }
      cancelledTimers = 0
    }
  }

  // ---- CoroutineDispatcher and Delay ---------------------------------------------------------

  override fun dispatch(context: CoroutineContext, block: Runnable) {
    if (Thread.currentThread() === thread) {
      ready.addLast(block)
    } else if (!closed) {
      post(block)
    } else {
      // As kotlinx does for a closed executor: cancel the coroutine and let it finish elsewhere.
      context.cancel(java.util.concurrent.CancellationException("The event loop is closed"))
      Dispatchers.IO.dispatch(context, block)
    }
  }

  override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
    val t = sleepTimer(millisToNanos(timeMillis), continuation)
    continuation.invokeOnCancellation(t)
  }

  /** A timer that resumes [cont] on the loop thread, undispatched (it already runs there). */
  internal fun sleepTimer(delayNanos: Long, cont: CancellableContinuation<Unit>): TimerHandleImpl =
    timerAfter(delayNanos, ResumeRunnable(this, cont))

  override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle =
    timerAfter(millisToNanos(timeMillis), block)

  private class ResumeRunnable(private val loop: EventLoopImpl, private val cont: CancellableContinuation<Unit>) : Runnable {
    override fun run() {
      with(cont) { loop.resumeUndispatched(Unit) }
    }
  }

  // ---- running -------------------------------------------------------------------------------

  override fun time(): Double = clock.nanos() / 1e9

  internal fun nanos(): Long = clock.nanos()

  override fun clock(): Clock = clock

  override fun runForever() {
    checkClosed()
    if (thread != null) throw IllegalStateException("This event loop is already running")
    if (RUNNING.get() != null) {
      throw IllegalStateException("Cannot run the event loop while another loop is running on this thread")
    }
    thread = Thread.currentThread()
    RUNNING.set(this)
    try {
      while (true) {
        runOnce()
        if (stopping) break
      }
    } finally {
      stopping = false
      RUNNING.remove()
      thread = null
    }
  }

  override fun <T> runUntilComplete(future: CompletionStage<T>): T {
    Objects.requireNonNull(future, "future")
    checkClosed()
    if (RUNNING.get() === this || thread != null) {
      throw IllegalStateException("This event loop is already running: runUntilComplete() would block it")
    }
    val f = ensureFuture(future)
    runUntilDone(f)
    return f.result()
  }

  /** Throws unless the caller may run this loop now (checked before creating the main task). */
  internal fun checkCanRun() {
    checkClosed()
    if (RUNNING.get() === this || thread != null) {
      throw IllegalStateException("This event loop is already running: runUntilComplete() would block it")
    }
  }

  /** Runs the loop until [f] is done; does not look at its outcome. */
  internal fun runUntilDone(f: FutureImpl<*>) {
    checkCanRun()
    val stopper = StopListener(this)
    f.addListener(stopper)
    try {
      runForever()
    } finally {
      f.removeListener(stopper)
    }
    if (!f.isDone) throw IllegalStateException("Event loop stopped before Future completed.")
  }

  private class StopListener(private val loop: EventLoopImpl) : FutureListener {
    override fun onFutureDone(f: FutureImpl<*>) = loop.stop()
  }

  override fun stop() {
    stopping = true
    if (thread != null && !inLoop() && sleeping && wakeupPending.compareAndSet(false, true)) selector.wakeup()
  }

  override fun isRunning(): Boolean = thread != null

  override fun isClosed(): Boolean = closed

  /** One iteration, as asyncio's `_run_once`. */
  private fun runOnce() {
    drainInbox()
    val timeout: Long = when {
      ready.isNotEmpty() || stopping -> 0L
      else -> {
        val next = nextTimer()
        if (next == null) -1L else maxOf(0L, next.whenNanos - clock.nanos())
      }
    }
    poll(timeout)
    if (timers.isNotEmpty()) {
      val now = clock.nanos()
      while (true) {
        val t = timers.peek() ?: break
        if (t.cancelled()) {
          timers.poll(); t.inHeap = false; cancelledTimers--
          continue
        }
        if (t.whenNanos > now) break
        timers.poll()
        t.inHeap = false
        ready.addLast(t)
      }
    }
    var n = ready.size
    while (n-- > 0) {
      val r = ready.pollFirst() ?: break
      try {
        r.run()
      } catch (e: Throwable) {
        callExceptionHandler(ExceptionContext("Exception in callback $r", e, null, r as? Handle))
      }
    }
  }

  private fun nextTimer(): TimerHandleImpl? {
    while (true) {
      val t = timers.peek() ?: return null
      if (!t.cancelled()) return t
      timers.poll(); t.inHeap = false; cancelledTimers--
    }
  }

  private fun drainInbox() {
    while (true) {
      val r = inbox.poll() ?: return
      ready.addLast(r)
    }
  }

  /** Waits for I/O for up to [timeoutNanos] (0: do not block; -1: no deadline). */
  private fun poll(timeoutNanos: Long) {
    if (timeoutNanos == 0L) {
      // selectNow() counts only keys whose ready set changed: always look at the selected set
      if (ioRegistrations > 0) {
        selector.selectNow()
        processKeys()
      }
      return
    }
    val vc = virtualClock
    if (vc != null && externalWork.get() == 0) {
      if (ioRegistrations > 0) {
        selector.selectNow()
        if (selector.selectedKeys().isNotEmpty()) {
          processKeys()
          return
        }
      }
      if (timeoutNanos > 0) {
        if (inbox.isEmpty()) vc.advanceTo(nextTimer()!!.whenNanos)
        return
      }
      // no timer at all: block until another thread posts work
    }
    // Wake-up protocol: clear the flag, announce `sleeping`, then re-check the inbox. A thread that
    // posts after this sees `sleeping` and wakes the selector; a wake-up that lands after the
    // select returned only makes a later select return early. Clearing the flag here, before
    // `sleeping`, means no stale flag can make a poster skip the wake-up of this select.
    wakeupPending.set(false)
    sleeping = true
    try {
      if (inbox.isEmpty() && !stopping) {
        val ms = when {
          timeoutNanos < 0 || vc != null -> 0L // 0 = no deadline for Selector.select
          else -> maxOf(1L, (timeoutNanos + 999_999L) / 1_000_000L)
        }
        selector.select(ms)
      } else {
        selector.selectNow()
      }
    } finally {
      sleeping = false
    }
    processKeys()
  }

  private fun processKeys() {
    val keys = selector.selectedKeys()
    if (keys.isEmpty()) return
    val it = keys.iterator()
    while (it.hasNext()) {
      val key = it.next()
      it.remove()
      if (!key.isValid) continue
      val io = key.attachment() as IoCallbacks
      val ops = key.readyOps()
      if (ops and SelectionKey.OP_READ != 0) io.reader?.let { ready.addLast(it) }
      if (ops and (SelectionKey.OP_WRITE or SelectionKey.OP_CONNECT) != 0) io.writer?.let { ready.addLast(it) }
    }
  }

  // ---- I/O readiness -------------------------------------------------------------------------

  private class IoCallbacks {
    var reader: HandleImpl? = null
    var writer: HandleImpl? = null
  }

  private fun checkIoCaller() {
    checkClosed()
    if (!owned()) {
      throw IllegalStateException(
        "addReader/addWriter/removeReader/removeWriter must be called on the loop thread; use callSoonThreadsafe"
      )
    }
  }

  override fun addReader(channel: SelectableChannel, callback: Runnable) =
    addIo(channel, callback, SelectionKey.OP_READ)

  override fun addWriter(channel: SelectableChannel, callback: Runnable) =
    addIo(channel, callback, SelectionKey.OP_WRITE)

  override fun removeReader(channel: SelectableChannel): Boolean = removeIo(channel, SelectionKey.OP_READ)

  override fun removeWriter(channel: SelectableChannel): Boolean = removeIo(channel, SelectionKey.OP_WRITE)

  private fun addIo(channel: SelectableChannel, callback: Runnable, op: Int) {
    Objects.requireNonNull(channel, "channel")
    Objects.requireNonNull(callback, "callback")
    checkIoCaller()
    var key = channel.keyFor(selector)
    if (key != null && !key.isValid) {
      selector.selectNow() // flush the cancelled key so that the channel can register again
      key = null
    }
    if (key == null) {
      channel.configureBlocking(false)
      key = channel.register(selector, 0, IoCallbacks())
      ioRegistrations++
    }
    val io = key!!.attachment() as IoCallbacks
    // a replaced callback already queued for this iteration must not run
    if (op == SelectionKey.OP_READ) {
      io.reader?.cancel()
      io.reader = HandleImpl(callback)
    } else {
      io.writer?.cancel()
      io.writer = HandleImpl(callback)
    }
    key.interestOps(key.interestOps() or op)
  }

  private fun removeIo(channel: SelectableChannel, op: Int): Boolean {
    Objects.requireNonNull(channel, "channel")
    if (closed) return false
    checkIoCaller()
    val key = channel.keyFor(selector) ?: return false
    if (!key.isValid) return false
    val io = key.attachment() as IoCallbacks
    val had = if (op == SelectionKey.OP_READ) io.reader != null else io.writer != null
    if (!had) return false
    if (op == SelectionKey.OP_READ) {
      io.reader?.cancel()
      io.reader = null
    } else {
      io.writer?.cancel()
      io.writer = null
    }
    if (io.reader == null && io.writer == null) {
      key.cancel()
      ioRegistrations--
    } else {
      key.interestOps(key.interestOps() and op.inv())
    }
    return true
  }

  // ---- futures and tasks ---------------------------------------------------------------------

  override fun <T> createFuture(): Future<T> {
    checkClosed()
    return FutureImpl(this)
  }

  override fun <T> createTask(coro: AsyncCallable<T>): Task<T> = createTask(coro, null)

  override fun <T> createTask(coro: AsyncCallable<T>, name: String?): Task<T> {
    Objects.requireNonNull(coro, "coro")
    checkClosed()
    val t = StageTask(this, name, coro)
    if (eagerTaskStart && inLoop()) t.startEager() else t.start()
    return t
  }

  /** Tasks created on this loop start eagerly (issue 3, `Asyncio.setEagerTaskStart`). */
  @Volatile
  @JvmField
  internal var eagerTaskStart = false

  /** The Kotlin face's task: a kotlinx coroutine on this loop. */
  internal fun <T> createCoroutineTask(
    name: String?,
    block: suspend CoroutineScope.() -> T,
    eager: Boolean = eagerTaskStart,
  ): CoroutineTask<T> {
    checkClosed()
    val t = CoroutineTask<T>(this, name)
    t.start(block, eager && inLoop())
    return t
  }

  /** Links a new task into the pending list (on the loop thread, or posted there). */
  internal fun registerTask(t: TaskImpl<*>) {
    if (owned()) link(t) else post { if (!t.isDone) link(t) }
  }

  private fun link(t: TaskImpl<*>) {
    if (t.linked) return
    val h = tasksHead
    t.nextTask = h
    t.prevTask = null
    if (h != null) h.prevTask = t
    tasksHead = t
    t.linked = true
    taskCount++
  }

  /** Unlinks a finished task. Loop thread (tasks finish there). */
  internal fun unregisterTask(t: TaskImpl<*>) {
    if (!t.linked) return
    val p = t.prevTask
    val n = t.nextTask
    if (p == null) tasksHead = n else p.nextTask = n
    if (n != null) n.prevTask = p
    t.prevTask = null
    t.nextTask = null
    t.linked = false
    taskCount--
  }

  /** A snapshot of the pending tasks; from the loop thread exactly, from elsewhere best effort. */
  internal fun allTasks(): Set<Task<*>> {
    if (!owned()) {
      val f = CompletableFuture<Set<Task<*>>>()
      try {
        post { f.complete(collectTasks()) }
        return f.get(10, TimeUnit.SECONDS)
      } catch (e: Exception) {
        throw IllegalStateException("could not list the tasks of a loop running on another thread", e)
      }
    }
    return collectTasks()
  }

  private fun collectTasks(): Set<Task<*>> {
    val out = LinkedHashSet<Task<*>>(maxOf(16, taskCount * 2))
    var t = tasksHead
    while (t != null) {
      if (!t.isDone) out.add(t)
      t = t.nextTask
    }
    return out
  }

  /** Our own future for [stage]: itself if it belongs to this loop, else a mirror. */
  internal fun <T> ensureFuture(stage: CompletionStage<T>): FutureImpl<T> {
    if (stage is FutureImpl<T> && stage.loop === this) return stage
    val f = FutureImpl<T>(this)
    f.mirror(stage)
    return f
  }

  override fun <T> runCoroutineThreadsafe(coro: AsyncCallable<T>): CompletableFuture<T> {
    Objects.requireNonNull(coro, "coro")
    checkClosed()
    val out = ThreadsafeResult<T>(this)
    post { if (!out.isDone) out.bind(createTask(coro) as TaskImpl<T>) }
    return out
  }

  /** As [runCoroutineThreadsafe] for a Kotlin block. */
  internal fun <T> submitCoroutine(block: suspend CoroutineScope.() -> T): CompletableFuture<T> {
    checkClosed()
    val out = ThreadsafeResult<T>(this)
    post { if (!out.isDone) out.bind(createCoroutineTask(null, block)) }
    return out
  }

  // ---- executors -----------------------------------------------------------------------------

  override fun <T> runInExecutor(executor: Executor?, func: Callable<T>): Future<T> {
    Objects.requireNonNull(func, "func")
    checkClosed()
    val exec = executor ?: obtainDefaultExecutor()
    val f = FutureImpl<T>(this)
    val call = ExecutorCall(f, func)
    externalWork.incrementAndGet()
    try {
      exec.execute(call)
    } catch (e: Throwable) {
      if (call.release(CALL_QUEUED)) f.completeInternal(null, e)
      return f
    }
    if (owned()) f.addListener(call) else post { f.addListener(call) }
    return f
  }

  /**
   * One `runInExecutor` call: its [state] goes QUEUED → RUNNING → DONE, or
   * QUEUED → DONE when the future is cancelled before a worker picks the call up (then [func]
   * never runs, as a cancelled `concurrent.futures.Future`). A call already running is not
   * interrupted; cancelling it only stops the loop from waiting for it (virtual clock), and its
   * outcome is dropped. The transition to DONE releases the call's count in [externalWork], once.
   */
  private inner class ExecutorCall<T>(private val f: FutureImpl<T>, private val func: Callable<T>) :
    Runnable, FutureListener {
    private val state = AtomicInteger(CALL_QUEUED)

    /** On a worker thread. */
    override fun run() {
      // cancelled before it started: never runs
      if (!state.compareAndSet(CALL_QUEUED, CALL_RUNNING)) return
      var value: T? = null
      var failure: Throwable? = null
      try {
        value = func.call()
      } catch (e: Throwable) {
        failure = e
      }
      post { if (release(CALL_RUNNING) && !f.isDone) f.completeInternal(value, failure) }
    }

    /** On the loop thread, when [f] completes (by our own completion, or a cancel). */
    override fun onFutureDone(f: FutureImpl<*>) {
      if (f.isCancelled && !release(CALL_QUEUED)) release(CALL_RUNNING)
    }

    /** Moves from [from] to DONE and releases the count; false if the call was not in [from]. */
    fun release(from: Int): Boolean {
      if (!state.compareAndSet(from, CALL_DONE)) return false
      externalWork.decrementAndGet()
      return true
    }

    override fun toString(): String = "ExecutorCall[$func, state=${state.get()}]"
  }

  private fun obtainDefaultExecutor(): Executor {
    defaultExecutor?.let { return it }
    synchronized(this) {
      defaultExecutor?.let { return it }
      if (executorShutdownCalled) throw IllegalStateException("Executor shutdown has been called")
      val max = minOf(32, Runtime.getRuntime().availableProcessors() + 4)
      val e = ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, LinkedBlockingQueue(), ExecutorThreads)
      e.allowCoreThreadTimeOut(true)
      defaultExecutor = e
      return e
    }
  }

  override fun setDefaultExecutor(executor: ExecutorService) {
    Objects.requireNonNull(executor, "executor")
    synchronized(this) { defaultExecutor = executor }
  }

  override fun shutdownDefaultExecutor(): Future<Void> {
    val f = FutureImpl<Void>(this)
    val e: ExecutorService?
    synchronized(this) {
      executorShutdownCalled = true
      e = defaultExecutor
      defaultExecutor = null
    }
    if (e == null) {
      f.completeInternal(null, null)
      return f
    }
    externalWork.incrementAndGet()
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
      post {
        externalWork.decrementAndGet()
        f.completeInternal(null, failure)
      }
    }, "jasyncio-executor-shutdown")
    waiter.isDaemon = true
    waiter.start()
    return f
  }

  private object ExecutorThreads : ThreadFactory {
    private val n = AtomicLong()
    override fun newThread(r: Runnable): Thread {
      val t = Thread(r, "jasyncio-executor-${n.incrementAndGet()}")
      t.isDaemon = true
      return t
    }
  }

  // ---- errors --------------------------------------------------------------------------------

  override fun setExceptionHandler(handler: ExceptionHandler?) {
    this.handler = handler
  }

  override fun getExceptionHandler(): ExceptionHandler? = handler

  override fun defaultExceptionHandler(context: ExceptionContext) {
    val sb = StringBuilder(context.message())
    context.future()?.let { sb.append("\nfuture: ").append(it) }
    context.handle()?.let { sb.append("\nhandle: ").append(it) }
    LOG.log(System.Logger.Level.ERROR, sb.toString(), context.exception())
  }

  override fun callExceptionHandler(context: ExceptionContext) {
    val h = handler
    if (h == null) {
      try {
        defaultExceptionHandler(context)
      } catch (ignored: Throwable) {
        // logging failed: nothing left to tell
      }
      return
    }
    try {
      h.handle(this, context)
    } catch (e: Throwable) {
      try {
        defaultExceptionHandler(ExceptionContext("Unhandled error in exception handler", e, null, null))
        defaultExceptionHandler(context)
      } catch (ignored: Throwable) {
        // logging failed: nothing left to tell
      }
    }
  }

  /** Reports a failure nobody retrieved: on the loop thread if it still runs, else here. */
  internal fun reportUnretrieved(r: FailureReport) {
    unretrieved.remove(r)
    val ctx = ExceptionContext(r.message, r.exception, null, null)
    if (!closed && thread != null) {
      post { callExceptionHandler(ctx) }
    } else {
      callExceptionHandler(ctx)
    }
  }

  // ---- closing -------------------------------------------------------------------------------

  override fun close() {
    if (thread != null) throw IllegalStateException("Cannot close a running event loop")
    if (closed) return
    closed = true
    ready.clear()
    inbox.clear()
    timers.clear()
    val e: ExecutorService?
    synchronized(this) {
      executorShutdownCalled = true
      e = defaultExecutor
      defaultExecutor = null
    }
    e?.shutdown()
    try {
      selector.close()
    } catch (ignored: java.io.IOException) {
      // nothing to do
    }
    for (r in unretrieved.toList()) {
      if (r.claim()) reportUnretrieved(r)
    }
  }

  override fun toString(): String =
    "EventLoop[${if (closed) "closed" else if (thread != null) "running" else "idle"}, ready=${ready.size}," +
      " timers=${timers.size}, tasks=$taskCount, clock=$clock]"

  internal companion object {
    @JvmField
    val RUNNING: ThreadLocal<EventLoopImpl?> = ThreadLocal()

    @JvmField
    val LOG: System.Logger = System.getLogger("io.jasyncio")

    private fun millisToNanos(ms: Long): Long =
      if (ms <= 0) 0 else if (ms >= Checks.MAX_NANOS / 1_000_000L) Checks.MAX_NANOS else ms * 1_000_000L
  }
}
